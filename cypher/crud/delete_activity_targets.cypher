// Deletes one row of activity_targets with the links it owns.
// params: id
// returns: n
// mode: write
MATCH (x:ActivityTarget {id: $id})
DETACH DELETE x
RETURN count(*) AS n
