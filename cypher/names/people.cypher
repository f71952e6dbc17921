// People with the names a user knows them by: for resolving a name, search and readable labels.
// params: only
// returns: id, name, title, account, account_name
// mode: read
UNWIND $only AS wanted
MATCH (p:Person {id: wanted})
OPTIONAL MATCH (p)-[:EMPLOYED_BY]->(a:Account)
RETURN p.id AS id, p.name AS name, p.title AS title, a.id AS account, a.name AS account_name
