// The people of an account at $day (a day number): current or not, layer, unit, key-person flag (no interaction is
// read: who was touched lately is analysis/recent_by_ties and analysis/recent_by_interactions).
// params: account, day, open_stages, key_roles
// returns: id, current, departed, layer, political_status, unit, key
// mode: read
MATCH (p:Person)-[e:EMPLOYED_BY]->(a:Account {id: $account})
WITH p, a,
     (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day) AS current,
     e.until_day IS NOT NULL AND e.until_day < $day AS departed
OPTIONAL MATCH (p)-[:WORKS_IN]->(u:Unit)
OPTIONAL MATCH (p)-[r:HAS_ROLE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a)
WHERE (r.since_day IS NULL OR r.since_day <= $day) AND o.stage IN $open_stages
WITH p, current, departed, u, collect(r.role) AS open_roles
RETURN p.id AS id, current, departed, p.layer AS layer, p.political_status AS political_status,
       u.id AS unit,
       current AND (p.layer = 'decision' OR p.political_status IN ['structure', 'inner_circle']
                    OR any(role IN open_roles WHERE role IN $key_roles)) AS key
