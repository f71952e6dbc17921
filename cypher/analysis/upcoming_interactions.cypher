// A person's next interactions after $day (planned meetings, calls), earliest first.
// params: person, day, limit
// returns: id, date, kind, sellers, people, opportunity, notes, day
// mode: read
// The person first (WITH): see org_events.cypher.
MATCH (p0:Person {id: $person})
WITH p0
MATCH (p0)<-[:WITH_PERSON]-(i:Interaction)
WHERE i.date_day > $day
WITH i ORDER BY i.date_day, i.id LIMIT $limit
OPTIONAL MATCH (i)-[:WITH_SELLER]->(s:Seller)
WITH i, collect(s.id) AS sellers
OPTIONAL MATCH (i)-[:WITH_PERSON]->(p:Person)
WITH i, sellers, collect(p.id) AS people
OPTIONAL MATCH (i)-[:ABOUT]->(o:Opportunity)
RETURN i.id AS id, i.date AS date, i.kind AS kind, sellers, people, o.id AS opportunity,
       i.notes AS notes, i.date_day AS day
ORDER BY day, id
