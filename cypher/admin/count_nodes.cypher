// Nodes per label.
// params: 
// returns: label, n
// mode: read
MATCH (n)
RETURN labels(n)[0] AS label, count(*) AS n
