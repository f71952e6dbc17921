// Per account, its actions open at $day (existing from created, not closed on or before it) whose due day is before it.
// params: day
// returns: account, n
// mode: read
MATCH (x:Action)-[:PLANNED_FOR]->(a:Account)
WHERE (x.created_day IS NULL OR x.created_day <= $day)
  AND (x.closed_on_day IS NULL OR x.closed_on_day > $day) AND x.due_day < $day
RETURN a.id AS account, count(x) AS n
