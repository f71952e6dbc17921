// Stored opportunities for the given ids, in bundle shape.
// params: keys
// returns: props, account
// mode: read
UNWIND $keys AS k
MATCH (o:Opportunity {id: k})
OPTIONAL MATCH (o)-[:FOR_ACCOUNT]->(a:Account)
RETURN properties(o) AS props, a.id AS account
