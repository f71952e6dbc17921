// Every Seller's id and name as two parallel lists: the name index that search and name
// resolution read whole (two lists are several times cheaper to return than one row each).
// params: 
// returns: ids, names
// mode: read
MATCH (s:Seller)
RETURN collect(s.id) AS ids, collect(coalesce(s.name, s.id)) AS names
