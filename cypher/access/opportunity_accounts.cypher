// The account of an opportunity (none for an unknown id).
// params: id
// returns: account
// mode: read
MATCH (:Opportunity {id: $id})-[:FOR_ACCOUNT]->(a:Account)
RETURN a.id AS account
