// The token whose secret hashes to $hash, if any.
// params: hash
// returns: name, role
// mode: read
MATCH (t:ApiToken)
WHERE t.hash = $hash
RETURN t.id AS name, t.role AS role
