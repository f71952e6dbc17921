// The interactions of each given seller dated in [$from, $to], with their people and those people's accounts.
// params: sellers, from, to
// returns: seller, day, kind, people
// mode: read
UNWIND $sellers AS sid
MATCH (:Seller {id: sid})<-[:WITH_SELLER]-(i:Interaction)
WHERE i.date_day >= $from AND i.date_day <= $to
RETURN sid AS seller, i.date_day AS day, i.kind AS kind,
       [(i)-[:WITH_PERSON]->(p:Person)-[:EMPLOYED_BY]->(a:Account) | {id: p.id, account: a.id}] AS people
