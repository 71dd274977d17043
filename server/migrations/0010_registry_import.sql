-- 0010: bulk imports of enterprises, workers with contracts, and attendance (registry/import_service).
-- One row per uploaded file; its counters advance in the same transaction as each committed batch of
-- data rows, so after a crash the job tells exactly what is stored. Per-row problems are kept for the
-- downloadable report (行号, 字段, 原因); they never hold personal values.

CREATE TABLE registry_import_job (
    id                TEXT PRIMARY KEY,
    kind              TEXT NOT NULL,
    file_name         TEXT NOT NULL,
    file_sha256       TEXT NOT NULL,             -- hex; the same file again is recognisable
    file_size         BIGINT NOT NULL,
    status            TEXT NOT NULL,             -- queued | running | done | failed
    message           TEXT NULL,                 -- why a job failed as a whole
    rows_total        BIGINT NOT NULL DEFAULT 0,
    rows_done         BIGINT NOT NULL DEFAULT 0,
    rows_created      BIGINT NOT NULL DEFAULT 0,
    rows_updated      BIGINT NOT NULL DEFAULT 0,
    rows_unchanged    BIGINT NOT NULL DEFAULT 0,
    rows_failed       BIGINT NOT NULL DEFAULT 0,
    created_by        TEXT NOT NULL,             -- user id (or 'system' for the CLI)
    created_by_name   TEXT NOT NULL,
    region_code       TEXT NOT NULL,             -- the creator's scope, for listing
    enterprise_id     TEXT NULL,                 -- the creator's enterprise (enterprise users)
    created_at        BIGINT NOT NULL,
    started_at        BIGINT NULL,
    progress_at       BIGINT NULL,               -- last committed batch: a job idle too long was interrupted
    finished_at       BIGINT NULL,
    CONSTRAINT registry_import_job_kind_check CHECK (kind IN ('enterprises', 'workers', 'attendance')),
    CONSTRAINT registry_import_job_status_check CHECK (status IN ('queued', 'running', 'done', 'failed'))
);
CREATE INDEX registry_import_job_created_idx ON registry_import_job (created_at);
CREATE INDEX registry_import_job_sha_idx ON registry_import_job (file_sha256);

CREATE TABLE registry_import_error (
    job_id      TEXT NOT NULL,
    seq         BIGINT NOT NULL,                 -- order within the job
    row_number  BIGINT NOT NULL,                 -- spreadsheet row (header = 1); 0 = the whole file
    field       TEXT NOT NULL,                   -- column header as the template names it
    reason      TEXT NOT NULL,
    CONSTRAINT registry_import_error_pk PRIMARY KEY (job_id, seq),
    CONSTRAINT registry_import_error_job_fk FOREIGN KEY (job_id) REFERENCES registry_import_job (id)
);
