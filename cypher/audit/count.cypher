// How many audit entries there are.
// params: 
// returns: n
// mode: read
MATCH (e:AuditEntry)
RETURN count(e) AS n
