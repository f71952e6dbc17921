// Names of an account's people (current or not), units and deals, and of every seller, for
// pages and prose that would otherwise show ids.
// params: account
// returns: people, units, deals, sellers
// mode: read
OPTIONAL MATCH (p:Person)-[:EMPLOYED_BY]->(:Account {id: $account})
WITH collect({id: p.id, name: p.name, title: p.title}) AS people
OPTIONAL MATCH (u:Unit)-[:PART_OF]->(:Account {id: $account})
WITH people, collect({id: u.id, name: u.name, title: u.function}) AS units
OPTIONAL MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(:Account {id: $account})
WITH people, units, collect({id: o.id, name: o.name, title: o.stage}) AS deals
OPTIONAL MATCH (s:Seller)
RETURN people, units, deals, collect({id: s.id, name: s.name, title: s.title}) AS sellers
