// Stored units for the given ids, in bundle shape.
// params: keys
// returns: props, account, parent
// mode: read
UNWIND $keys AS k
MATCH (u:Unit {id: k})
OPTIONAL MATCH (u)-[:PART_OF]->(a:Account)
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
RETURN properties(u) AS props, a.id AS account, parent.id AS parent
