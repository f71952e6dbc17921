// Stored influence links for the given keys {source, target, kind}.
// params: keys
// returns: props, source, target
// mode: read
UNWIND $keys AS k
MATCH (s:Person {id: k.source})-[l:INFLUENCES {kind: k.kind}]->(t:Person {id: k.target})
RETURN properties(l) AS props, s.id AS source, t.id AS target
