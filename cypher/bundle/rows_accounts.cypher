// Stored accounts for the given ids, in bundle shape.
// params: keys
// returns: props, parent
// mode: read
UNWIND $keys AS k
MATCH (a:Account {id: k})
OPTIONAL MATCH (a)-[:SUBSIDIARY_OF]->(parent:Account)
RETURN properties(a) AS props, parent.id AS parent
