// Which of the given people had an interaction with a seller in ($from, $day], from the kept aggregates: a TIE keeps
// every interaction of its last 365 days (tail_day, with last among them). A person not found here may still have had
// one (with no seller, or more than 365 days before a later one): analysis/recent_by_interactions looks for those.
// params: people, from, day
// returns: id
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(:Seller)
WITH p, t
WHERE any(d IN t.tail_day WHERE d > $from AND d <= $day)
RETURN DISTINCT p.id AS id
