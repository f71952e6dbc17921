// Every person, account, opportunity and seller with its name and account, for the name search
// (matched in Python: case and accents are folded there, which Cypher cannot do portably).
// params: 
// returns: kind, id, name, account
// mode: read
MATCH (p:Person)
OPTIONAL MATCH (p)-[:EMPLOYED_BY]->(a:Account)
RETURN 'person' AS kind, p.id AS id, p.name AS name, a.id AS account
UNION ALL
MATCH (a:Account)
RETURN 'account' AS kind, a.id AS id, a.name AS name, a.id AS account
UNION ALL
MATCH (o:Opportunity)
OPTIONAL MATCH (o)-[:FOR_ACCOUNT]->(a:Account)
RETURN 'deal' AS kind, o.id AS id, o.name AS name, a.id AS account
UNION ALL
MATCH (s:Seller)
RETURN 'seller' AS kind, s.id AS id, s.name AS name, null AS account
