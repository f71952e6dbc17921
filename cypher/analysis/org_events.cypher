// Organization-level events of an account in the window ($day - $window, $day]: interactions with any of its people, current or not.
// params: account, day, window, kinds
// returns: n, last
// mode: read
MATCH (i:Interaction)-[:WITH_PERSON]->(:Person)-[:EMPLOYED_BY]->(:Account {id: $account})
WHERE i.kind IN $kinds AND i.date_day <= $day
WITH DISTINCT i
RETURN sum(CASE WHEN i.date_day > $day - $window THEN 1 ELSE 0 END) AS n, max(i.date_day) AS last
