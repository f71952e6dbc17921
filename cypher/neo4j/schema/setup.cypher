// Uniqueness of id on every label, and the indexes the analyses rely on (Neo4j 5 DDL).
// params: 
// returns: 
// mode: schema
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT seller_id IF NOT EXISTS FOR (n:Seller) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT action_id IF NOT EXISTS FOR (n:Action) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT activity_target_id IF NOT EXISTS FOR (n:ActivityTarget) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE;
CREATE INDEX api_token_hash IF NOT EXISTS FOR (n:ApiToken) ON (n.hash);
CREATE CONSTRAINT user_id IF NOT EXISTS FOR (n:User) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT session_id IF NOT EXISTS FOR (n:Session) REQUIRE n.id IS UNIQUE;
CREATE INDEX session_user IF NOT EXISTS FOR (n:Session) ON (n.user);
CREATE CONSTRAINT signin_counter_id IF NOT EXISTS FOR (n:SignInCounter) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sync_position_id IF NOT EXISTS FOR (n:SyncPosition) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sync_item_id IF NOT EXISTS FOR (n:SyncItem) REQUIRE n.id IS UNIQUE;
CREATE INDEX sync_item_source IF NOT EXISTS FOR (n:SyncItem) ON (n.source);
CREATE CONSTRAINT audit_entry_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE;
CREATE INDEX audit_entry_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.at);
CREATE INDEX interaction_day IF NOT EXISTS FOR (n:Interaction) ON (n.date_day);
