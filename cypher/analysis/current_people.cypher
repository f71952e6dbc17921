// Which of the given people are current (employed) at $day.
// params: people, day
// returns: id, account, current
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})-[e:EMPLOYED_BY]->(a:Account)
RETURN p.id AS id, a.id AS account,
       (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day) AS current
