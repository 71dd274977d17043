-- 0031: credit anomaly records (信用异常记录) and the yearly compliance grades (守法诚信等级 A/B/C,
-- 人社部规〔2016〕1号), with the quarterly publication of major violations (人社部令第29号).
--
-- An anomaly record is raised automatically from the platform's facts (a red warning of the deposit,
-- the labor-cost allocation, wages or complaints; an order to pay ignored; a case transferred to the
-- police) — one per (source, source_ref), so raising again changes nothing — or recorded by hand by a
-- supervisor with a reason and an attachment. It expires on expires_on; the enterprise may object
-- until objection_due; the supervisor's correction upholds it or revokes it.
CREATE TABLE credit_anomaly (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL,               -- 异常〔2026〕370102-0001
    enterprise_id    TEXT NOT NULL,
    enterprise_name  TEXT NOT NULL,
    credit_code      TEXT NOT NULL,
    region_code      TEXT NOT NULL,               -- the project's region, or the recording department's
    project_id       TEXT NULL,
    project_name     TEXT NULL,
    source           TEXT NOT NULL,               -- deposit_overdue | labor_cost_unallocated | wages_overdue | complaints_frequent | pay_order_ignored | police_transfer | manual
    source_ref       TEXT NOT NULL,               -- warning id, case id, or the record's own id (manual)
    category         TEXT NOT NULL,               -- violation | order_refused | criminal | mass_incident | obstruction: what the grade rules count
    occurred_on      TEXT NOT NULL,
    summary          TEXT NOT NULL,               -- the facts in one Chinese sentence
    evidence         TEXT NOT NULL DEFAULT '{}',  -- JSON: the warning or case it came from
    file_id          TEXT NULL,                   -- a manual record's attachment
    recorded_by      TEXT NOT NULL,               -- user id, or "system"
    recorded_by_name TEXT NOT NULL,
    recorded_on      TEXT NOT NULL,
    expires_on       TEXT NOT NULL,
    objection_due    TEXT NOT NULL,               -- last day the enterprise may object
    objection        TEXT NULL,
    objected_on      TEXT NULL,
    objected_by      TEXT NULL,
    objected_by_name TEXT NULL,
    correction       TEXT NULL,                   -- upheld | revoked
    correction_reason TEXT NULL,
    corrected_on     TEXT NULL,
    corrected_by_name TEXT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT credit_anomaly_source_unique UNIQUE (source, source_ref),
    CONSTRAINT credit_anomaly_number_unique UNIQUE (number),
    CONSTRAINT credit_anomaly_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id),
    CONSTRAINT credit_anomaly_source_check CHECK (source IN ('deposit_overdue', 'labor_cost_unallocated', 'wages_overdue',
        'complaints_frequent', 'pay_order_ignored', 'police_transfer', 'manual')),
    CONSTRAINT credit_anomaly_category_check CHECK (category IN ('violation', 'order_refused', 'criminal', 'mass_incident',
        'obstruction')),
    CONSTRAINT credit_anomaly_correction_check CHECK (correction IS NULL OR correction IN ('upheld', 'revoked'))
);
CREATE INDEX credit_anomaly_enterprise_idx ON credit_anomaly (enterprise_id, occurred_on);
CREATE INDEX credit_anomaly_region_idx ON credit_anomaly (region_code, recorded_on);
CREATE INDEX credit_anomaly_updated_idx ON credit_anomaly (updated_at, id);

-- One yearly evaluation of a region (a run): computed as a draft, reviewed and adjusted, published.
-- A published run is never changed; evaluating the year again makes a new run (version + 1), so the
-- grades in force on any past day can be read back.
CREATE TABLE credit_grade_run (
    id               TEXT PRIMARY KEY,
    region_code      TEXT NOT NULL,
    year             INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    state            TEXT NOT NULL,               -- draft | published
    computed_at      BIGINT NOT NULL,
    computed_by_name TEXT NOT NULL,
    published_on     TEXT NULL,
    published_at     BIGINT NULL,
    published_by_name TEXT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT credit_grade_run_version_unique UNIQUE (region_code, year, version),
    CONSTRAINT credit_grade_run_state_check CHECK (state IN ('draft', 'published'))
);

-- One enterprise's grade in a run: what the rules computed and why, and what the supervisor decided.
CREATE TABLE credit_grade (
    run_id           TEXT NOT NULL,
    enterprise_id    TEXT NOT NULL,
    enterprise_name  TEXT NOT NULL,
    credit_code      TEXT NOT NULL,
    computed_grade   TEXT NOT NULL,               -- A | B | C
    rule             TEXT NOT NULL,               -- the rule that produced it, in Chinese
    facts            TEXT NOT NULL DEFAULT '{}',  -- JSON: the year's records counted
    grade            TEXT NOT NULL,               -- final (= computed unless adjusted)
    adjusted_reason  TEXT NULL,
    adjusted_by_name TEXT NULL,
    incentive        INTEGER NOT NULL DEFAULT 0,  -- on the incentive list (守信激励): A with a clean record
    updated_at       BIGINT NOT NULL,
    CONSTRAINT credit_grade_pk PRIMARY KEY (run_id, enterprise_id),
    CONSTRAINT credit_grade_run_fk FOREIGN KEY (run_id) REFERENCES credit_grade_run (id),
    CONSTRAINT credit_grade_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id),
    CONSTRAINT credit_grade_grade_check CHECK (grade IN ('A', 'B', 'C') AND computed_grade IN ('A', 'B', 'C'))
);
CREATE INDEX credit_grade_enterprise_idx ON credit_grade (enterprise_id);

-- The quarterly publication of major labor-security violations (重大劳动保障违法行为社会公布): what
-- was published, as published (a snapshot).
CREATE TABLE credit_publication (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL,
    region_code      TEXT NOT NULL,
    year             INTEGER NOT NULL,
    quarter          INTEGER NOT NULL,
    published_on     TEXT NOT NULL,
    published_at     BIGINT NOT NULL,
    published_by_name TEXT NOT NULL,
    items            TEXT NOT NULL,               -- JSON array: the cases as published
    CONSTRAINT credit_publication_quarter_unique UNIQUE (region_code, year, quarter),
    CONSTRAINT credit_publication_quarter_check CHECK (quarter BETWEEN 1 AND 4)
);
