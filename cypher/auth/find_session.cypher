// The session whose id hashes to $hash, with its user's current role and seller (the caller checks expiry).
// params: hash
// returns: user, created, expires, seen, role, seller
// mode: read
MATCH (s:Session {id: $hash})
MATCH (u:User {id: s.user})
RETURN s.user AS user, s.created AS created, s.expires AS expires, s.seen AS seen, u.role AS role, u.seller AS seller
