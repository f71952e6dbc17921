// Names of people and sellers by id, for pages that show nodes of other accounts (warm paths).
// params: ids
// returns: id, person, seller
// mode: read
UNWIND $ids AS nid
OPTIONAL MATCH (p:Person {id: nid})
OPTIONAL MATCH (s:Seller {id: nid})
RETURN nid AS id, p.name AS person, s.name AS seller
