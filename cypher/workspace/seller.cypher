// One seller: name, title, the accounts whose team they are on (with the team role) and the
// accounts of the people they know.
// params: seller
// returns: id, name, title, team, known
// mode: read
MATCH (s:Seller {id: $seller})
OPTIONAL MATCH (s)-[t:ON_TEAM]->(a:Account)
WITH s, collect(CASE WHEN a IS NULL THEN NULL ELSE {account: a.id, role: t.role} END) AS team
OPTIONAL MATCH (s)-[:KNOWS]->(:Person)-[:EMPLOYED_BY]->(b:Account)
RETURN s.id AS id, s.name AS name, s.title AS title, team, collect(DISTINCT b.id) AS known
