// The interactions of each given seller dated in [$from, $to], with their people and those people's accounts.
// params: sellers, from, to
// returns: seller, day, kind, people
// mode: read
UNWIND $sellers AS sid
// The seller first (WITH), then its interactions: otherwise FalkorDB starts from the date index
// of every interaction in the window (150 times slower on a 40 000-interaction graph).
MATCH (s:Seller {id: sid})
WITH s, sid
MATCH (s)<-[:WITH_SELLER]-(i:Interaction)
WHERE i.date_day >= $from AND i.date_day <= $to
OPTIONAL MATCH (i)-[:WITH_PERSON]->(p:Person)-[:EMPLOYED_BY]->(a:Account)
WITH sid, i, collect(CASE WHEN p IS NULL THEN NULL ELSE {id: p.id, account: a.id} END) AS people
RETURN sid AS seller, i.date_day AS day, i.kind AS kind, people
