// Keys of account-team memberships of every account or of one.
// params: account
// returns: account, seller
// mode: read
MATCH (s:Seller)-[:ON_TEAM]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN a.id AS account, s.id AS seller
