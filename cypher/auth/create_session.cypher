// A browser session: the SHA-256 of its random id, its user, when it began, ends and was last used.
// params: hash, user, created, expires, seen
// returns: id
// mode: write
CREATE (s:Session {id: $hash, user: $user, created: $created, expires: $expires, seen: $seen})
RETURN s.id AS id
