// WITH_SELLER: rows {id, seller}, one per seller of an interaction.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (i:Interaction {id: r.id})
MATCH (s:Seller {id: r.seller})
MERGE (i)-[l:WITH_SELLER]->(s)
RETURN count(l) AS n
