// Every Account's id and name as two parallel lists: the name index that search and name
// resolution read whole (two lists are several times cheaper to return than one row each).
// params: 
// returns: ids, names
// mode: read
MATCH (a:Account)
RETURN collect(a.id) AS ids, collect(coalesce(a.name, a.id)) AS names
