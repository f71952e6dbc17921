// Per seller and day in [$from, $to]: the seller's interactions, those with a key person, and the organization-level ones. With $account, only interactions with one of its people ($ours, a map of their ids).
// params: sellers, from, to, account, ours, key, kinds
// returns: seller, day, n, key, org
// mode: read
UNWIND $sellers AS sid
// The seller first (WITH): otherwise FalkorDB starts from the date index of every interaction.
MATCH (s:Seller {id: sid})
WITH s, sid
MATCH (s)<-[:WITH_SELLER]-(i:Interaction)
WHERE i.date_day >= $from AND i.date_day <= $to
OPTIONAL MATCH (i)-[:WITH_PERSON]->(p:Person)
// Maps of ids, not lists: a lookup per person instead of a scan of the list.
WITH sid, i,
     sum(CASE WHEN p IS NOT NULL AND $key[p.id] IS NOT NULL THEN 1 ELSE 0 END) AS keys,
     sum(CASE WHEN p IS NOT NULL AND $ours[p.id] IS NOT NULL THEN 1 ELSE 0 END) AS mine
WHERE $account IS NULL OR mine > 0
RETURN sid AS seller, i.date_day AS day, count(i) AS n,
       sum(CASE WHEN keys > 0 THEN 1 ELSE 0 END) AS key,
       sum(CASE WHEN i.kind IN $kinds THEN 1 ELSE 0 END) AS org
