// One person's profile with account and unit (no row when the id is unknown).
// params: person
// returns: props, account, unit, unit_name
// mode: read
MATCH (p:Person {id: $person})-[:EMPLOYED_BY]->(a:Account)
OPTIONAL MATCH (p)-[:WORKS_IN]->(u:Unit)
RETURN properties(p) AS props, a.id AS account, u.id AS unit, u.name AS unit_name
