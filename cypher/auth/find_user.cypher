// One user with the argon2 hash of its password (for checking a password only; never shown).
// params: user
// returns: name, role, hash, seller, created
// mode: read
MATCH (u:User {id: $user})
RETURN u.id AS name, u.role AS role, u.hash AS hash, u.seller AS seller, u.created AS created
