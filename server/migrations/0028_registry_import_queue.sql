-- 0028: imports queued in the database, not in one process's memory (issue 14: several instances).
-- The uploaded file and the authority it was submitted with wait here until a runner on any instance
-- leases the job; the runner renews the lease after every committed batch. A job whose runner
-- stopped (lease run out) is taken over by another from the first row not yet committed: the job's
-- counters advance in the same transaction as each batch, so nothing is imported twice. The row is
-- deleted with the job's end (done or failed), so files do not accumulate.
CREATE TABLE registry_import_payload (
    job_id        TEXT PRIMARY KEY,
    content_b64   TEXT NOT NULL,              -- the file, base64 (stored alike on both backends)
    principal     TEXT NOT NULL,              -- JSON: the submitter as it was at upload
    request_id    TEXT NOT NULL,
    runner        TEXT NULL,                  -- the instance holding the lease
    lease_until   BIGINT NULL,                -- ms; NULL = waiting for a runner
    CONSTRAINT registry_import_payload_job_fk FOREIGN KEY (job_id) REFERENCES registry_import_job (id)
);
CREATE INDEX registry_import_payload_lease_idx ON registry_import_payload (lease_until);
