// Ids of the opportunities of every account or of one.
// params: account
// returns: id
// mode: read
MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN o.id AS id
