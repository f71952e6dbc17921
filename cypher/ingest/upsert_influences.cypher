// INFLUENCES keyed by source, target and kind.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (s:Person {id: r.source})
MATCH (t:Person {id: r.target})
MERGE (s)-[l:INFLUENCES {kind: r.kind}]->(t)
SET l = r.props
RETURN count(l) AS n
