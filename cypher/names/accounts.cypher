// Accounts with their names (the industry stands in for a title): names, search and labels.
// params: only
// returns: id, name, title, account, account_name
// mode: read
UNWIND $only AS wanted
MATCH (a:Account {id: wanted})
RETURN a.id AS id, a.name AS name, a.industry AS title, a.id AS account, a.name AS account_name
