// Forgets the attempts of one user name or client address (a good password, an ended lock).
// params: key
// returns: n
// mode: write
MATCH (f:SignInCounter {id: $key})
DELETE f
RETURN count(*) AS n
