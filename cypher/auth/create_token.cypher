// A new API token: only the SHA-256 of the secret is stored (a name already in use is refused by the unique id).
// params: token, role, hash, created, expires, seller
// returns: name
// mode: write
CREATE (t:ApiToken {id: $token, role: $role, hash: $hash, created: $created, expires: $expires, seller: $seller})
RETURN t.id AS name
