// Units of an account with their parent and the number of people working in each.
// params: account
// returns: id, name, function, parent, people
// mode: read
MATCH (u:Unit)-[:PART_OF]->(:Account {id: $account})
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
OPTIONAL MATCH (p:Person)-[:WORKS_IN]->(u)
RETURN u.id AS id, u.name AS name, u.function AS function, parent.id AS parent, count(p) AS people
ORDER BY id
