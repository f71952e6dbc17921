// ABOUT: rows {id, opportunity} for interactions about an opportunity.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (i:Interaction {id: r.id})
MATCH (o:Opportunity {id: r.opportunity})
MERGE (i)-[l:ABOUT]->(o)
RETURN count(l) AS n
