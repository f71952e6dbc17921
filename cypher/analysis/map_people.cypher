// The people of an account current at $day, with what a power map shows of them.
// params: account, day
// returns: id, name, title, layer, political_status, unit, unit_name
// mode: read
MATCH (p:Person)-[e:EMPLOYED_BY]->(:Account {id: $account})
WHERE (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day)
OPTIONAL MATCH (p)-[:WORKS_IN]->(u:Unit)
RETURN p.id AS id, p.name AS name, p.title AS title, p.layer AS layer,
       p.political_status AS political_status, u.id AS unit, u.name AS unit_name
ORDER BY id
