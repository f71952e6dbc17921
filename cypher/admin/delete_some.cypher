// Deletes up to $limit nodes with their relationships; called until it returns 0.
// params: limit
// returns: n
// mode: write
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(n) AS n
