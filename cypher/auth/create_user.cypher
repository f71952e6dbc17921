// A new sign-in user: only the argon2 hash of the password is stored (a name in use is refused by the unique id).
// params: user, role, hash, seller, created
// returns: name
// mode: write
CREATE (u:User {id: $user, role: $role, hash: $hash, seller: $seller, created: $created})
RETURN u.id AS name
