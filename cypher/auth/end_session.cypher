// Ends one session (sign-out, expiry).
// params: hash
// returns: n
// mode: write
MATCH (s:Session {id: $hash})
DELETE s
RETURN count(*) AS n
