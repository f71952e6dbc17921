// ON_TEAM keyed by account and seller.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (s:Seller {id: r.seller})
MATCH (a:Account {id: r.account})
MERGE (s)-[l:ON_TEAM]->(a)
SET l = r.props
RETURN count(l) AS n
