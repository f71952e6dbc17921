// Deals with their names and accounts (the stage stands in for a title): names, search, labels.
// params: only
// returns: id, name, title, account, account_name
// mode: read
UNWIND $only AS wanted
MATCH (o:Opportunity {id: wanted})
OPTIONAL MATCH (o)-[:FOR_ACCOUNT]->(a:Account)
RETURN o.id AS id, o.name AS name, o.stage AS title, a.id AS account, a.name AS account_name
