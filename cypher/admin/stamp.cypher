// A new token for the store's write stamp, written after (or in the unit of) every write that changes what the
// analyses and pages read: a process that cached results checks it to know whether anyone has written since.
// params: token
// returns: n
// mode: write
MERGE (m:Meta {id: 'stamp'})
SET m.token = $token
RETURN count(m) AS n
