// What still refers to a row of units: incoming links by type (a row in use is not deleted).
// params: id
// returns: type, n
// mode: read
MATCH (:Unit {id: $id})<-[r]-()
RETURN type(r) AS type, count(r) AS n
ORDER BY type
