// The people (of $account, or of any) in the given sellers' interactions dated in [$from, $to].
// params: sellers, from, to, account
// returns: id
// mode: read
UNWIND $sellers AS sid
// The seller first (WITH): otherwise FalkorDB starts from the date index of every interaction.
MATCH (s:Seller {id: sid})
WITH s
MATCH (s)<-[:WITH_SELLER]-(i:Interaction)
WHERE i.date_day >= $from AND i.date_day <= $to
WITH DISTINCT i
MATCH (i)-[:WITH_PERSON]->(p:Person)-[:EMPLOYED_BY]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN DISTINCT p.id AS id
