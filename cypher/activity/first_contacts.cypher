// Per seller and day in [$from, $to]: how many people (of $account, or of any) had their first-ever interaction with that seller that day.
// params: sellers, from, to, account
// returns: seller, day, n
// mode: read
UNWIND $sellers AS sid
// The seller first (WITH): see activity/touched.cypher.
MATCH (s:Seller {id: sid})
WITH s, sid
MATCH (s)<-[:WITH_SELLER]-(i:Interaction)-[:WITH_PERSON]->(p:Person)-[:EMPLOYED_BY]->(a:Account)
WHERE i.date_day <= $to AND ($account IS NULL OR a.id = $account)
WITH sid, p, min(i.date_day) AS first
WHERE first >= $from
RETURN sid AS seller, first AS day, count(p) AS n
