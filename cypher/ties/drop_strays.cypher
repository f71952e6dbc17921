// Removes the aggregates of people who have no interaction left (a rebuild recomputes everyone else's).
// params:
// returns: n
// mode: write
MATCH (p:Person)<-[t:TIE]-(:Seller)
WHERE NOT (p)<-[:WITH_PERSON]-(:Interaction)
DELETE t
RETURN count(*) AS n
