// Stored actions for the given ids, in bundle shape (RACI from the ASSIGNED links).
// params: keys
// returns: props, account, opportunity, people, assigned
// mode: read
UNWIND $keys AS k
MATCH (x:Action {id: k})
OPTIONAL MATCH (x)-[:PLANNED_FOR]->(a:Account)
OPTIONAL MATCH (x)-[:ABOUT]->(o:Opportunity)
RETURN properties(x) AS props, a.id AS account, o.id AS opportunity,
       [(x)-[:TARGETS]->(p:Person) | p.id] AS people,
       [(x)-[l:ASSIGNED]->(s:Seller) | {seller: s.id, raci: l.raci}] AS assigned
