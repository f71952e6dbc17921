// People of an account per layer: current at $day (day number) and departed.
// params: account, day
// returns: layer, current, departed
// mode: read
MATCH (p:Person)-[e:EMPLOYED_BY]->(:Account {id: $account})
WITH p, (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day) AS current
RETURN coalesce(p.layer, 'unknown') AS layer,
       sum(CASE WHEN current THEN 1 ELSE 0 END) AS current,
       sum(CASE WHEN current THEN 0 ELSE 1 END) AS departed
ORDER BY layer
