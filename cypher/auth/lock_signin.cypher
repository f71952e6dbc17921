// Locks sign-in for one user name or client address until $until.
// params: key, until
// returns: n
// mode: write
MATCH (f:SignInCounter {id: $key})
SET f.locked_until = $until
RETURN count(*) AS n
