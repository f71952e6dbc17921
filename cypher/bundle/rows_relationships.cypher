// Stored declared relationships for the given keys {seller, person}.
// params: keys
// returns: props, seller, person
// mode: read
UNWIND $keys AS k
MATCH (s:Seller {id: k.seller})-[l:KNOWS]->(p:Person {id: k.person})
RETURN properties(l) AS props, s.id AS seller, p.id AS person
