// Ids of every activity target, or of those set for one account.
// params: account
// returns: id
// mode: read
MATCH (t:ActivityTarget)
OPTIONAL MATCH (t)-[:PLANNED_FOR]->(a:Account)
WITH t, a
WHERE $account IS NULL OR a.id = $account
RETURN t.id AS id
