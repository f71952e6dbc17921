// A person's interactions dated after $day (the brief's upcoming meetings), earliest first.
// params: person, day, limit
// returns: id, date, kind, sellers, opportunity, notes
// mode: read
// The person first (WITH): else the planner may start from every interaction after $day.
MATCH (x:Person {id: $person})
WITH x
MATCH (x)<-[:WITH_PERSON]-(i:Interaction)
WHERE i.date_day > $day
WITH i ORDER BY i.date_day, i.id LIMIT $limit
OPTIONAL MATCH (i)-[:WITH_SELLER]->(s:Seller)
WITH i, collect(s.id) AS sellers
OPTIONAL MATCH (i)-[:ABOUT]->(o:Opportunity)
RETURN i.id AS id, i.date AS date, i.kind AS kind, sellers, o.id AS opportunity, i.notes AS notes
ORDER BY date, id
