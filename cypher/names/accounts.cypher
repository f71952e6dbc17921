// Accounts with their names (the industry stands in for a title): names, search and labels.
// params: only
// returns: id, name, title, account, account_name
// mode: read
MATCH (a:Account)
WHERE $only IS NULL OR a.id IN $only
RETURN a.id AS id, a.name AS name, a.industry AS title, a.id AS account, a.name AS account_name
