// TIEs computed outside the engine (kamgraph.interchange.ties.computed) for people who had no interaction before
// this import: one row per (seller, person) pair with every property ties/refresh would give it. The caller has
// checked in the same import turn that these people had no TIE to replace.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (s:Seller {id: r.seller})
MATCH (p:Person {id: r.person})
CREATE (s)-[t:TIE {last: r.last, h: r.h, w: r.w, a0: r.a0, head0: r.head0, head_last: r.head_last,
                   kinds: r.kinds, full: r.full, head: r.head,
                   tail_day: r.tail_day, tail_kind: r.tail_kind, tail_w0: r.tail_w0}]->(p)
RETURN count(t) AS n
