// Reporting lines and influence links valid at $day between current people of an account.
// params: account, day
// returns: kind, source, target, style, strength, polarity
// mode: read
MATCH (p:Person)-[:EMPLOYED_BY]->(:Account {id: $account})
WHERE (p.since_day IS NULL OR p.since_day <= $day) AND (p.until_day IS NULL OR p.until_day >= $day)
MATCH (p)-[l:REPORTS_TO|INFLUENCES]->(q:Person)
WHERE (l.since_day IS NULL OR l.since_day <= $day) AND (l.until_day IS NULL OR l.until_day >= $day)
  AND (q.since_day IS NULL OR q.since_day <= $day) AND (q.until_day IS NULL OR q.until_day >= $day)
RETURN CASE type(l) WHEN 'REPORTS_TO' THEN 'reports_to' ELSE 'influence' END AS kind,
       p.id AS source, q.id AS target,
       CASE type(l) WHEN 'REPORTS_TO' THEN coalesce(l.kind, 'solid') ELSE l.kind END AS style,
       l.strength AS strength, l.polarity AS polarity
ORDER BY kind, source, target
