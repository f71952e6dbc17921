// Deletes one row of people with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Person {id: $id})
DETACH DELETE x
RETURN count(*) AS n
