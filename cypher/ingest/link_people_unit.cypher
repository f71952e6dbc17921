// WORKS_IN: rows {id, unit}, one per person with a unit.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (p:Person {id: r.id})
MATCH (u:Unit {id: r.unit})
MERGE (p)-[l:WORKS_IN]->(u)
RETURN count(l) AS n
