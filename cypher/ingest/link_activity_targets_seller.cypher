// SET_FOR: rows {id, seller} for targets set for one seller.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (t:ActivityTarget {id: r.id})
MATCH (s:Seller {id: r.seller})
MERGE (t)-[l:SET_FOR]->(s)
RETURN count(l) AS n
