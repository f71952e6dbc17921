// Ids of every seller, or of the sellers on one account's team.
// params: account
// returns: id
// mode: read
MATCH (s:Seller)
OPTIONAL MATCH (s)-[:ON_TEAM]->(a:Account)
WITH s, a
WHERE $account IS NULL OR a.id = $account
RETURN DISTINCT s.id AS id
