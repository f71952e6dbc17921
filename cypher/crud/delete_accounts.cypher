// Deletes one row of accounts with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Account {id: $id})
DETACH DELETE x
RETURN count(*) AS n
