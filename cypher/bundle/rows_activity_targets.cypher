// Stored activity targets for the given ids, in bundle shape.
// params: keys
// returns: props, account, seller
// mode: read
UNWIND $keys AS k
MATCH (t:ActivityTarget {id: k})
OPTIONAL MATCH (t)-[:PLANNED_FOR]->(a:Account)
OPTIONAL MATCH (t)-[:SET_FOR]->(s:Seller)
RETURN properties(t) AS props, a.id AS account, s.id AS seller
