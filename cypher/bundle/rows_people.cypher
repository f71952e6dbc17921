// Stored people for the given ids, in bundle shape.
// params: keys
// returns: props, account, unit, since, until
// mode: read
UNWIND $keys AS k
MATCH (p:Person {id: k})
OPTIONAL MATCH (p)-[e:EMPLOYED_BY]->(a:Account)
OPTIONAL MATCH (p)-[:WORKS_IN]->(u:Unit)
RETURN properties(p) AS props, a.id AS account, u.id AS unit, e.since AS since, e.until AS until
