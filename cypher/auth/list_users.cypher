// Sign-in users by name, without their password hashes.
// params: 
// returns: name, role, seller, created
// mode: read
MATCH (u:User)
RETURN u.id AS name, u.role AS role, u.seller AS seller, u.created AS created
ORDER BY name
