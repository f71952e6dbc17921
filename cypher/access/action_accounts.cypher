// The account an action is planned for (none for an unknown id).
// params: id
// returns: account
// mode: read
MATCH (:Action {id: $id})-[:PLANNED_FOR]->(a:Account)
RETURN a.id AS account
