// Actions targeting a person that exist and are open at $day, with their owner (R).
// params: person, day
// returns: id, title, strategy, status, owner, due
// mode: read
MATCH (x:Action)-[:TARGETS]->(:Person {id: $person})
WHERE (x.created_day IS NULL OR x.created_day <= $day)
  AND (x.closed_on_day IS NULL OR x.closed_on_day > $day)
OPTIONAL MATCH (x)-[:ASSIGNED {raci: 'R'}]->(s:Seller)
RETURN x.id AS id, x.title AS title, x.strategy AS strategy, x.status AS status,
       s.id AS owner, x.due AS due
ORDER BY coalesce(x.due_day, 99999999), id
