// The store's write stamp (no token: nothing has stamped it since it was made or wiped).
// params:
// returns: tokens
// mode: read
MATCH (m:Meta {id: 'stamp'})
RETURN collect(m.token) AS tokens
