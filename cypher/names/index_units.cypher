// Every Unit's id and name as two parallel lists: the name index that search and name
// resolution read whole (two lists are several times cheaper to return than one row each).
// params: 
// returns: ids, names
// mode: read
MATCH (u:Unit)
RETURN collect(u.id) AS ids, collect(coalesce(u.name, u.id)) AS names
