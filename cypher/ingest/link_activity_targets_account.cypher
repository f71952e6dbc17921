// PLANNED_FOR: rows {id, account} for targets set for one account.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (t:ActivityTarget {id: r.id})
MATCH (a:Account {id: r.account})
MERGE (t)-[l:PLANNED_FOR]->(a)
RETURN count(l) AS n
