// TARGETS: rows {id, person}, one per person an action targets.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (x:Action {id: r.id})
MATCH (p:Person {id: r.person})
MERGE (x)-[l:TARGETS]->(p)
RETURN count(l) AS n
