// Ids of the units of every account or of one.
// params: account
// returns: id
// mode: read
MATCH (u:Unit)-[:PART_OF]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN u.id AS id
