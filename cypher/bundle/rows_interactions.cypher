// Stored interactions for the given ids, in bundle shape.
// params: keys
// returns: props, sellers, people, opportunity
// mode: read
UNWIND $keys AS k
MATCH (i:Interaction {id: k})
OPTIONAL MATCH (i)-[:ABOUT]->(o:Opportunity)
RETURN properties(i) AS props,
       [(i)-[:WITH_SELLER]->(s:Seller) | s.id] AS sellers,
       [(i)-[:WITH_PERSON]->(p:Person) | p.id] AS people,
       o.id AS opportunity
