// REPORTS_TO keyed by person and manager.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (p:Person {id: r.person})
MATCH (m:Person {id: r.manager})
MERGE (p)-[l:REPORTS_TO]->(m)
SET l = r.props
RETURN count(l) AS n
