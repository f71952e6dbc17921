// People a person influences directly at $day: positive links valid then, to current people.
// params: person, day
// returns: person, name, strength, kind
// mode: read
MATCH (t:Person {id: $person})-[l:INFLUENCES]->(q:Person)
WHERE l.polarity = 'positive'
  AND (l.since_day IS NULL OR l.since_day <= $day) AND (l.until_day IS NULL OR l.until_day >= $day)
  AND (q.since_day IS NULL OR q.since_day <= $day) AND (q.until_day IS NULL OR q.until_day >= $day)
RETURN q.id AS person, q.name AS name, l.strength AS strength, l.kind AS kind
ORDER BY strength DESC, person
