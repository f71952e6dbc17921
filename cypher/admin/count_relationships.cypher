// Relationships per type.
// params: 
// returns: type, n
// mode: read
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS n
