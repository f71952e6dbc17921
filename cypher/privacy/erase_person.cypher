// Erases a person: interactions they were the only person of go too, the others lose the link.
// params: id
// returns: interactions, people
// mode: write
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)<-[:WITH_PERSON]-(i:Interaction)
OPTIONAL MATCH (i)-[:WITH_PERSON]->(q:Person)
WITH p, i, count(q) AS people
WITH p, collect(CASE WHEN people = 1 THEN i ELSE NULL END) AS alone
FOREACH (i IN alone | DETACH DELETE i)
WITH p, size(alone) AS interactions
DETACH DELETE p
RETURN interactions, 1 AS people
