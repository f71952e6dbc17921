// Range indexes on id (unique constraints are added by the store: GRAPH.CONSTRAINT is not Cypher).
// params: 
// returns: 
// mode: schema
CREATE INDEX FOR (n:Account) ON (n.id);
CREATE INDEX FOR (n:Unit) ON (n.id);
CREATE INDEX FOR (n:Person) ON (n.id);
CREATE INDEX FOR (n:Seller) ON (n.id);
CREATE INDEX FOR (n:Opportunity) ON (n.id);
CREATE INDEX FOR (n:Interaction) ON (n.id);
CREATE INDEX FOR (n:Action) ON (n.id);
CREATE INDEX FOR (n:ActivityTarget) ON (n.id);
CREATE INDEX FOR (n:ApiToken) ON (n.id);
CREATE INDEX FOR (n:ApiToken) ON (n.hash);
CREATE INDEX FOR (n:User) ON (n.id);
CREATE INDEX FOR (n:Session) ON (n.id);
CREATE INDEX FOR (n:Session) ON (n.user);
CREATE INDEX FOR (n:SignInCounter) ON (n.id);
CREATE INDEX FOR (n:SyncPosition) ON (n.id);
CREATE INDEX FOR (n:SyncItem) ON (n.id);
CREATE INDEX FOR (n:SyncItem) ON (n.source);
CREATE INDEX FOR (n:AuditEntry) ON (n.id);
CREATE INDEX FOR (n:Interaction) ON (n.date_day);
