// The accounts an interaction belongs to: those of its people (none for an unknown id).
// params: id
// returns: account
// mode: read
MATCH (:Interaction {id: $id})-[:WITH_PERSON]->(:Person)-[:EMPLOYED_BY]->(a:Account)
RETURN DISTINCT a.id AS account
