// API tokens by name, without their hashes.
// params: 
// returns: name, role, created
// mode: read
MATCH (t:ApiToken)
RETURN t.id AS name, t.role AS role, t.created AS created
ORDER BY name
