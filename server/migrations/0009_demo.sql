-- 0009: the demo province marker (`anxin demo`, server/src/demo). One row once a demo has been
-- generated (or started) on this database: a second run is refused. Nothing else reads it.

CREATE TABLE demo_run (
    id           TEXT PRIMARY KEY,          -- always 'demo': at most one run per database
    seed         BIGINT NOT NULL,
    scale_milli  BIGINT NOT NULL,           -- scale × 1000
    status       TEXT NOT NULL,             -- running | done
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT NULL,
    summary      TEXT NULL,                 -- the CLI summary text
    CONSTRAINT demo_run_status_check CHECK (status IN ('running', 'done'))
);
