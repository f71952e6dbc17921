// ABOUT: rows {id, opportunity} for actions about an opportunity.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (x:Action {id: r.id})
MATCH (o:Opportunity {id: r.opportunity})
MERGE (x)-[l:ABOUT]->(o)
RETURN count(l) AS n
