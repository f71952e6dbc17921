// API tokens by name, without their hashes.
// params: 
// returns: name, role, created, expires, seller
// mode: read
MATCH (t:ApiToken)
RETURN t.id AS name, t.role AS role, t.created AS created, t.expires AS expires, t.seller AS seller
ORDER BY name
