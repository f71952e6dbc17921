// Ids of the people of an account who are current at $day (cheap: no interactions are read).
// params: account, day
// returns: id
// mode: read
MATCH (p:Person)-[e:EMPLOYED_BY]->(:Account {id: $account})
WHERE (e.since_day IS NULL OR e.since_day <= $day) AND (e.until_day IS NULL OR e.until_day >= $day)
RETURN p.id AS id
