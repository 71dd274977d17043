-- 0027: one row per run of a daily job (the nightly warning evaluation, the morning SLA check …):
-- with several instances of the platform against one database, the instance that writes the row for
-- (job, due time) runs the job; the others see it taken and skip it, so its effects happen once.
CREATE TABLE app_job_run (
    job         TEXT NOT NULL,
    due_at      BIGINT NOT NULL,
    instance    TEXT NOT NULL,
    claimed_at  BIGINT NOT NULL,
    PRIMARY KEY (job, due_at)
);
