// ASSIGNED: rows {id, seller, raci}, one per RACI assignment of an action.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (x:Action {id: r.id})
MATCH (s:Seller {id: r.seller})
MERGE (x)-[l:ASSIGNED {raci: r.raci}]->(s)
RETURN count(l) AS n
