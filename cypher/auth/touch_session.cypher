// Records that a session was just used (for the idle timeout).
// params: hash, seen
// returns: n
// mode: write
MATCH (s:Session {id: $hash})
SET s.seen = $seen
RETURN count(*) AS n
