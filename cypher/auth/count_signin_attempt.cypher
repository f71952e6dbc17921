// Counts one sign-in attempt before the password is checked: one atomic increment, so parallel attempts each get their own number.
// params: key, now
// returns: count
// mode: write
MERGE (f:SignInCounter {id: $key})
SET f.count = coalesce(f.count, 0) + 1, f.last = $now
RETURN f.count AS count
