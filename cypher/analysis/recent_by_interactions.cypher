// Which of the given people had any interaction in ($from, $day] (with or without a seller), from the interactions.
// Walked from each person (a pattern comprehension): a MATCH lets the planner start from the date index instead,
// once per person.
// params: people, from, day
// returns: id
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})
WITH p, [(p)<-[:WITH_PERSON]-(i:Interaction) WHERE i.date_day > $from AND i.date_day <= $day | i.date_day] AS hits
WHERE size(hits) > 0
RETURN p.id AS id
