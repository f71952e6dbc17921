// The account of a person (none for an unknown id).
// params: id
// returns: account
// mode: read
MATCH (:Person {id: $id})-[:EMPLOYED_BY]->(a:Account)
RETURN a.id AS account
