// What still refers to a row of accounts: incoming links by type (a row in use is not deleted).
// params: id
// returns: type, n
// mode: read
MATCH (:Account {id: $id})<-[r]-()
RETURN type(r) AS type, count(r) AS n
ORDER BY type
