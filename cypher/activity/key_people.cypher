// Which of the given people are key persons at $day (DOMAIN.md: current, and decision layer, structure/inner circle, or a key role on an open opportunity of their account).
// params: people, day, open_stages, key_roles
// returns: id
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})
WITH p
MATCH (p)-[e:EMPLOYED_BY]->(a:Account)
WHERE (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day)
OPTIONAL MATCH (p)-[r:HAS_ROLE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a)
WHERE (r.since_day IS NULL OR r.since_day <= $day) AND o.stage IN $open_stages
  AND r.role IN $key_roles
WITH p, count(r) AS key_roles
WHERE p.layer = 'decision' OR p.political_status IN ['structure', 'inner_circle'] OR key_roles > 0
RETURN p.id AS id
