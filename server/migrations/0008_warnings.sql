-- 0008: risk warnings (三级预警, WARNINGS.md): one row per (indicator, subject, period) that the
-- warning engine has ever raised, its lifecycle history, and a record of every evaluation run.
-- A warning is never deleted: it clears itself when the condition is gone and reopens if it returns.

CREATE TABLE warnings_warning (
    id                    TEXT PRIMARY KEY,
    indicator             TEXT NOT NULL,              -- catalog code: LAB-01 …
    subject_kind          TEXT NOT NULL,              -- project | instrument | deposit_use | deposit_return | clue
    subject_id            TEXT NOT NULL,
    period                TEXT NOT NULL DEFAULT '',   -- YYYY-MM (or YYYY) the condition is about; '' when none
    project_id            TEXT NULL,
    enterprise_id         TEXT NULL,                  -- the general contractor of the project
    region_code           TEXT NOT NULL,              -- of the project (town where known)
    industry              TEXT NOT NULL DEFAULT '',
    level                 TEXT NOT NULL,
    status                TEXT NOT NULL,
    evidence              TEXT NOT NULL DEFAULT '{}', -- JSON: the rows and figures that raised it
    explanation           TEXT NOT NULL,              -- one Chinese sentence for the supervisor
    first_seen_at         BIGINT NOT NULL,
    last_seen_at          BIGINT NOT NULL,
    level_changed_at      BIGINT NOT NULL,
    raised_on             TEXT NOT NULL,              -- as-of date of the evaluation that raised (or reopened) it
    deadline_on           TEXT NOT NULL,              -- working days by level from raised_on / the last escalation
    deadline_reminded_on  TEXT NULL,                  -- the deadline a "deadline soon" message was sent for
    responsible_kind      TEXT NOT NULL,
    responsible_id        TEXT NULL,                  -- enterprise id, or the region code for a department
    case_id               TEXT NULL,                  -- the case it became (三网融合); cases_case.warning_id links back
    cleared_at            BIGINT NULL,
    dismissed_reason      TEXT NULL,
    dismissed_by          TEXT NULL,
    updated_at            BIGINT NOT NULL,
    CONSTRAINT warnings_warning_identity_key UNIQUE (indicator, subject_kind, subject_id, period),
    CONSTRAINT warnings_warning_level_check CHECK (level IN ('red', 'yellow', 'blue')),
    CONSTRAINT warnings_warning_status_check CHECK (status IN ('open', 'acknowledged', 'handling', 'cleared',
        'dismissed', 'escalated')),
    CONSTRAINT warnings_warning_responsible_check CHECK (responsible_kind IN ('enterprise', 'construction_unit',
        'bank', 'department'))
);
CREATE INDEX warnings_warning_project_idx ON warnings_warning (project_id, status);
CREATE INDEX warnings_warning_region_idx ON warnings_warning (region_code, status);
CREATE INDEX warnings_warning_status_idx ON warnings_warning (status, level);

-- Every lifecycle step, with who and when; nothing is deleted.
CREATE TABLE warnings_event (
    id           TEXT PRIMARY KEY,
    warning_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,                    -- 1, 2, … per warning: the order (times may tie)
    kind         TEXT NOT NULL,
    at           BIGINT NOT NULL,
    actor        TEXT NOT NULL,                       -- user id, or 'system' for the engine
    detail       TEXT NOT NULL DEFAULT '{}',          -- JSON
    CONSTRAINT warnings_event_seq_key UNIQUE (warning_id, seq),
    CONSTRAINT warnings_event_warning_fk FOREIGN KEY (warning_id) REFERENCES warnings_warning (id),
    CONSTRAINT warnings_event_kind_check CHECK (kind IN ('raised', 'escalated', 'acknowledged', 'handling',
        'cleared', 'reopened', 'dismissed', 'escalated_to_case'))
);

-- One row per evaluation run (full: every project; incremental: the given projects).
CREATE TABLE warnings_run (
    id           TEXT PRIMARY KEY,
    as_of        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT NOT NULL,
    projects     INTEGER NOT NULL,                    -- projects evaluated
    raised       INTEGER NOT NULL,                    -- new or reopened warnings
    updated      INTEGER NOT NULL,                    -- still present (evidence, level or deadline changed)
    cleared      INTEGER NOT NULL,
    failures     TEXT NOT NULL DEFAULT '[]',          -- JSON [{indicator, projectId?, error}]
    actor        TEXT NOT NULL,
    CONSTRAINT warnings_run_kind_check CHECK (kind IN ('full', 'incremental'))
);
CREATE INDEX warnings_run_started_idx ON warnings_run (started_at);
