-- 0023: the outbox as staff read it. region_code: the region a message is about (the case's, the
-- clue's, the project's), so a supervisor reviews the messages of their region; internal_to: an
-- internal message's addressee in clear ("user:<username>", "region:<code>", "county-principal:<code>";
-- no personal data) so the inbox can find them; read_at: when the addressee opened it.
ALTER TABLE notify_outbox ADD COLUMN region_code TEXT NULL;
ALTER TABLE notify_outbox ADD COLUMN internal_to TEXT NULL;
ALTER TABLE notify_outbox ADD COLUMN read_at BIGINT NULL;
CREATE INDEX notify_outbox_internal_to_idx ON notify_outbox (internal_to, created_at);
CREATE INDEX notify_outbox_region_idx ON notify_outbox (region_code, created_at);
