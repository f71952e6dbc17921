// Deletes the sessions that ended before $now (ISO UTC times compare as strings).
// params: now
// returns: n
// mode: write
MATCH (s:Session)
WHERE s.expires <= $now
DELETE s
RETURN count(*) AS n
