// Sellers (our account team members) by id.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (s:Seller {id: r.id})
SET s = r.props
RETURN count(s) AS n
