// WITH_PERSON: rows {id, person}, one per person of an interaction.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (i:Interaction {id: r.id})
MATCH (p:Person {id: r.person})
MERGE (i)-[l:WITH_PERSON]->(p)
RETURN count(l) AS n
