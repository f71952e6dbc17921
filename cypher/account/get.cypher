// One account's own properties (no row when the id is unknown).
// params: account
// returns: account
// mode: read
MATCH (a:Account {id: $account})
RETURN properties(a) AS account
