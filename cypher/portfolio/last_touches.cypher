// Per account, the day of its last interaction and of its last organization-level event up to $day (interactions with any of its people, current or not).
// params: day, kinds
// returns: account, last, last_org
// mode: read
MATCH (i:Interaction)-[:WITH_PERSON]->(:Person)-[:EMPLOYED_BY]->(a:Account)
WHERE i.date_day <= $day
WITH DISTINCT a, i
RETURN a.id AS account, max(i.date_day) AS last,
       max(CASE WHEN i.kind IN $kinds THEN i.date_day ELSE null END) AS last_org
