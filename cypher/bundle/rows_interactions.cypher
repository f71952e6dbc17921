// Stored interactions for the given ids, in bundle shape (collect is faster than pattern comprehensions on FalkorDB).
// params: keys
// returns: props, sellers, people, opportunity
// mode: read
UNWIND $keys AS k
MATCH (i:Interaction {id: k})
OPTIONAL MATCH (i)-[:WITH_SELLER]->(s:Seller)
WITH i, collect(s.id) AS sellers
OPTIONAL MATCH (i)-[:WITH_PERSON]->(p:Person)
WITH i, sellers, collect(p.id) AS people
OPTIONAL MATCH (i)-[:ABOUT]->(o:Opportunity)
RETURN properties(i) AS props, sellers, people, o.id AS opportunity
