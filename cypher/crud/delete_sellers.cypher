// Deletes one row of sellers with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Seller {id: $id})
DETACH DELETE x
RETURN count(*) AS n
