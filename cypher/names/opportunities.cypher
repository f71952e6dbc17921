// Deals with their names and accounts (the stage stands in for a title): names, search, labels.
// params: only
// returns: id, name, title, account, account_name
// mode: read
MATCH (o:Opportunity)
WHERE $only IS NULL OR o.id IN $only
OPTIONAL MATCH (o)-[:FOR_ACCOUNT]->(a:Account)
RETURN o.id AS id, o.name AS name, o.stage AS title, a.id AS account, a.name AS account_name
