// Ids of every interaction, or of those with at least one person of one account.
// params: account
// returns: id
// mode: read
MATCH (i:Interaction)
OPTIONAL MATCH (i)-[:WITH_PERSON]->(:Person)-[:EMPLOYED_BY]->(a:Account)
WITH i, a
WHERE $account IS NULL OR a.id = $account
RETURN DISTINCT i.id AS id
