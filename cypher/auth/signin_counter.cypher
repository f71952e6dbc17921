// The failed sign-ins counted for one user name or client address, and until when it is locked.
// params: key
// returns: count, last, locked_until
// mode: read
MATCH (f:SignInCounter {id: $key})
RETURN f.count AS count, f.last AS last, f.locked_until AS locked_until
