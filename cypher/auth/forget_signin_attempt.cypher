// Takes one attempt off a counter again (a successful sign-in is no failure of its address).
// params: key
// returns: n
// mode: write
MATCH (f:SignInCounter {id: $key})
SET f.count = f.count - 1
RETURN count(*) AS n
