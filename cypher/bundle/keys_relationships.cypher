// Keys of declared seller relationships with the people of every account or of one.
// params: account
// returns: seller, person
// mode: read
MATCH (s:Seller)-[:KNOWS]->(p:Person)-[:EMPLOYED_BY]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN s.id AS seller, p.id AS person
