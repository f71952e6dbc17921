// KNOWS (a seller's declared relationship) keyed by seller and person.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (s:Seller {id: r.seller})
MATCH (p:Person {id: r.person})
MERGE (s)-[l:KNOWS]->(p)
SET l = r.props
RETURN count(l) AS n
