// How the stored aggregates were kept: the format version, half-life and window (no row: never built).
// params:
// returns: version, half_life, tail_days
// mode: read
MATCH (m:Meta {id: 'ties'})
RETURN m.version AS version, m.half_life AS half_life, m.tail_days AS tail_days
