// Ids of the people of every account or of one.
// params: account
// returns: id
// mode: read
MATCH (p:Person)-[:EMPLOYED_BY]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN p.id AS id
