// Every Person's id and name as two parallel lists: the name index that search and name
// resolution read whole (two lists are several times cheaper to return than one row each).
// params: 
// returns: ids, names
// mode: read
MATCH (p:Person)
RETURN collect(p.id) AS ids, collect(coalesce(p.name, p.id)) AS names
