// Every Opportunity's id and name as two parallel lists: the name index that search and name
// resolution read whole (two lists are several times cheaper to return than one row each).
// params: 
// returns: ids, names
// mode: read
MATCH (o:Opportunity)
RETURN collect(o.id) AS ids, collect(coalesce(o.name, o.id)) AS names
