// Accounts by id; the subsidiary link is made by link_accounts once every account exists.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (a:Account {id: r.id})
SET a = r.props
RETURN count(a) AS n
