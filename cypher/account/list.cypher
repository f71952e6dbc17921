// Every account with its size, for listings and the demo's choice of account.
// params: 
// returns: id, name, tier, stage, people
// mode: read
MATCH (a:Account)
OPTIONAL MATCH (p:Person)-[:EMPLOYED_BY]->(a)
RETURN a.id AS id, a.name AS name, a.tier AS tier, a.stage AS stage, count(p) AS people
ORDER BY id
