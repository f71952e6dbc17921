// Key persons at $day (DOMAIN.md: current, and decision layer, structure/inner circle, or a key role on an open opportunity of their account), of every account or of one.
// params: day, account, open_stages, key_roles
// returns: id
// mode: read
MATCH (p:Person)-[e:EMPLOYED_BY]->(a:Account)
WHERE ($account IS NULL OR a.id = $account)
  AND (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day)
OPTIONAL MATCH (p)-[r:HAS_ROLE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a)
WHERE (r.since_day IS NULL OR r.since_day <= $day) AND o.stage IN $open_stages
  AND r.role IN $key_roles
WITH p, count(r) AS key_roles
WHERE p.layer = 'decision' OR p.political_status IN ['structure', 'inner_circle'] OR key_roles > 0
RETURN p.id AS id
