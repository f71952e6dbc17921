// Deletes one row of interactions with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Interaction {id: $id})
DETACH DELETE x
RETURN count(*) AS n
