// Names of people, sellers and deals by id, for pages that show rows of other accounts (warm
// paths, a seller's meetings).
// params: ids
// returns: id, person, seller, deal
// mode: read
UNWIND $ids AS nid
OPTIONAL MATCH (p:Person {id: nid})
OPTIONAL MATCH (s:Seller {id: nid})
OPTIONAL MATCH (o:Opportunity {id: nid})
RETURN nid AS id, p.name AS person, s.name AS seller, o.name AS deal
