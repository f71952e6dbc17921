// Deletes one row of units with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Unit {id: $id})
DETACH DELETE x
RETURN count(*) AS n
