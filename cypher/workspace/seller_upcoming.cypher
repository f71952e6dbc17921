// A seller's interactions dated after $day (planned meetings), earliest first.
// params: seller, day, limit
// returns: id, date, kind, people, opportunity, notes
// mode: read
// The seller first (WITH): else the planner may start from every interaction after $day.
MATCH (x:Seller {id: $seller})
WITH x
MATCH (x)<-[:WITH_SELLER]-(i:Interaction)
WHERE i.date_day > $day
WITH i ORDER BY i.date_day, i.id LIMIT $limit
OPTIONAL MATCH (i)-[:WITH_PERSON]->(p:Person)
WITH i, collect(p.id) AS people
OPTIONAL MATCH (i)-[:ABOUT]->(o:Opportunity)
RETURN i.id AS id, i.date AS date, i.kind AS kind, people, o.id AS opportunity, i.notes AS notes
ORDER BY date, id
