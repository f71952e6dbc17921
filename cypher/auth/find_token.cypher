// The token whose secret hashes to $hash, if any (the caller checks `expires`).
// params: hash
// returns: name, role, created, expires, seller
// mode: read
MATCH (t:ApiToken)
WHERE t.hash = $hash
RETURN t.id AS name, t.role AS role, t.created AS created, t.expires AS expires, t.seller AS seller
