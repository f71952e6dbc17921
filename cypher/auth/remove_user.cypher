// Deletes a user by name (its sessions are ended by auth/end_user_sessions).
// params: user
// returns: n
// mode: write
MATCH (u:User {id: $user})
DELETE u
RETURN count(*) AS n
