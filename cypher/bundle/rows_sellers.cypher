// Stored sellers for the given ids, in bundle shape.
// params: keys
// returns: props
// mode: read
UNWIND $keys AS k
MATCH (s:Seller {id: k})
RETURN properties(s) AS props
