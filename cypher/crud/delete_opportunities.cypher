// Deletes one row of opportunities with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:Opportunity {id: $id})
DETACH DELETE x
RETURN count(*) AS n
