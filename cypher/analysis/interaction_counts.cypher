// Interactions of an account dated in ($after, $until] (with any of its people, current or not), and how many are organization-level.
// params: account, after, until, kinds
// returns: interactions, org_events
// mode: read
// The account first (WITH): see org_events.cypher.
MATCH (a:Account {id: $account})
WITH a
MATCH (a)<-[:EMPLOYED_BY]-(:Person)<-[:WITH_PERSON]-(i:Interaction)
WHERE i.date_day > $after AND i.date_day <= $until
WITH DISTINCT i
RETURN count(i) AS interactions, sum(CASE WHEN i.kind IN $kinds THEN 1 ELSE 0 END) AS org_events
