// Deletes one row of actions with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Action {id: $id})
DETACH DELETE x
RETURN count(*) AS n
