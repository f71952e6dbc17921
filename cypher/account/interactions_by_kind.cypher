// Interactions with the account's people per kind: count, first and last date.
// params: account
// returns: kind, n, first, last
// mode: read
MATCH (i:Interaction)-[:WITH_PERSON]->(:Person)-[:EMPLOYED_BY]->(:Account {id: $account})
WITH DISTINCT i
RETURN i.kind AS kind, count(i) AS n, min(i.date) AS first, max(i.date) AS last
ORDER BY kind
