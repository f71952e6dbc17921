// Organization-level events of an account in the window ($day - $window, $day]: interactions with any of its people, current or not.
// params: account, day, window, kinds
// returns: n, last
// mode: read
// The account first (WITH): FalkorDB would otherwise start from the kind/date index of every
// interaction in the graph, which grows with the whole portfolio, not with this account.
MATCH (a:Account {id: $account})
WITH a
MATCH (a)<-[:EMPLOYED_BY]-(:Person)<-[:WITH_PERSON]-(i:Interaction)
WHERE i.kind IN $kinds AND i.date_day <= $day
WITH DISTINCT i
RETURN sum(CASE WHEN i.date_day > $day - $window THEN 1 ELSE 0 END) AS n, max(i.date_day) AS last
