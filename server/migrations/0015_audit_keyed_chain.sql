-- 0015: the audit chain is keyed (HMAC-SHA-256 under a key derived from the data key, which is not
-- in the database). Events written before this migration keep their plain SHA-256 links ('sha256');
-- audit verify refuses a plain event after the first keyed one (issue 11).
ALTER TABLE audit_event ADD COLUMN hash_kind TEXT NOT NULL DEFAULT 'sha256';
