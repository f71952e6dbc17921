// Ends every session of a user (removed, or a new password).
// params: user
// returns: n
// mode: write
MATCH (s:Session)
WHERE s.user = $user
DELETE s
RETURN count(*) AS n
