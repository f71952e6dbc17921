// Records that every person's aggregates are kept in this format (after a rebuild, or on a new empty store).
// params: version, half_life, tail_days
// returns: n
// mode: write
MERGE (m:Meta {id: 'ties'})
SET m.version = $version, m.half_life = $half_life, m.tail_days = $tail_days
RETURN count(m) AS n
