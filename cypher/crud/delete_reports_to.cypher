// Deletes one reporting line.
// params: person, manager
// returns: n
// mode: write
MATCH (:Person {id: $person})-[l:REPORTS_TO]->(:Person {id: $manager})
DELETE l
RETURN count(*) AS n
