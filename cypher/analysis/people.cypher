// The people of an account at $day (a day number): current or not, layer, political status, unit. No role nor
// interaction is read: the key-person flag takes the roles from analysis/opportunities (kamgraph.analysis.facts), who
// was touched lately is analysis/recent_by_ties and analysis/recent_by_interactions.
// params: account, day
// returns: id, current, departed, layer, political_status, unit
// mode: read
MATCH (p:Person)-[e:EMPLOYED_BY]->(:Account {id: $account})
WITH p,
     (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day) AS current,
     e.until_day IS NOT NULL AND e.until_day < $day AS departed
OPTIONAL MATCH (p)-[:WORKS_IN]->(u:Unit)
RETURN p.id AS id, current, departed, p.layer AS layer, p.political_status AS political_status, u.id AS unit
