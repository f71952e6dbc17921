// Opportunities of an account with their buying roles valid at $day and whether each holder is current.
// params: account, day, open_stages
// returns: id, name, stage, open, roles
// mode: read
MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(:Account {id: $account})
OPTIONAL MATCH (p:Person)-[r:HAS_ROLE]->(o)
WHERE r.since_day IS NULL OR r.since_day <= $day
OPTIONAL MATCH (p)-[e:EMPLOYED_BY]->(:Account)
WITH o, collect(CASE WHEN p IS NULL THEN NULL ELSE {
       person: p.id, role: r.role, stance: r.stance, influence: r.influence,
       response_mode: r.response_mode, wins: r.wins,
       current: (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day),
       departed: e.until_day IS NOT NULL AND e.until_day < $day} END) AS roles
RETURN o.id AS id, o.name AS name, o.stage AS stage, o.stage IN $open_stages AS open, roles
