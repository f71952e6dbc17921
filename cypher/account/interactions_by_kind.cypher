// Interactions with the account's people per kind: count, first and last date.
// params: account
// returns: kind, n, first, last
// mode: read
// The account first (WITH): see analysis/org_events.cypher.
MATCH (a:Account {id: $account})
WITH a
MATCH (a)<-[:EMPLOYED_BY]-(:Person)<-[:WITH_PERSON]-(i:Interaction)
WITH DISTINCT i
RETURN i.kind AS kind, count(i) AS n, min(i.date) AS first, max(i.date) AS last
ORDER BY kind
