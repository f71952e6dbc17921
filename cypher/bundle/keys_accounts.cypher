// Ids of every account, or of one account ($account null = all).
// params: account
// returns: id
// mode: read
MATCH (a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN a.id AS id
