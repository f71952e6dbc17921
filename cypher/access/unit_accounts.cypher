// The account of a unit (none for an unknown id).
// params: id
// returns: account
// mode: read
MATCH (:Unit {id: $id})-[:PART_OF]->(a:Account)
RETURN a.id AS account
