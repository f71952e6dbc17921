// Replaces the argon2 hash of a user's password.
// params: user, hash
// returns: n
// mode: write
MATCH (u:User {id: $user})
SET u.hash = $hash
RETURN count(*) AS n
