// Ids of the actions planned for every account or for one.
// params: account
// returns: id
// mode: read
MATCH (x:Action)-[:PLANNED_FOR]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN x.id AS id
