// What still refers to a row of sellers: its links by type (either direction: KNOWS and ON_TEAM are rows of other tables) (a row in use is not deleted).
// params: id
// returns: type, n
// mode: read
MATCH (:Seller {id: $id})-[r]-()
RETURN type(r) AS type, count(r) AS n
ORDER BY type
