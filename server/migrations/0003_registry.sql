-- 0003: the registry (real-name management): enterprises, projects and their lifecycle,
-- participants, teams, the five-person group, workers, contracts, entry/exit and attendance.
-- Field names follow the national construction-worker platform's data standard where it has one
-- (DOMAIN.md §12). Personal data (ID numbers, phones, bank cards) is stored only as *_enc
-- (core::FieldCipher), with a *_mask for lists and a keyed *_index where lookup is needed.

CREATE TABLE registry_enterprise (
    id                   TEXT PRIMARY KEY,
    credit_code          TEXT NOT NULL,              -- 统一社会信用代码 (corpCode), upper case
    credit_code_valid    INTEGER NOT NULL,           -- 0: GB 32100 check failed (early pilot codes): a warning flag
    name                 TEXT NOT NULL,
    legal_representative TEXT NOT NULL DEFAULT '',
    region_code          TEXT NOT NULL,              -- registered region
    kind                 TEXT NOT NULL,
    qualification        TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    contact_name         TEXT NOT NULL DEFAULT '',
    contact_phone_enc    TEXT NULL,
    contact_phone_mask   TEXT NULL,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    CONSTRAINT registry_enterprise_credit_code_key UNIQUE (credit_code),
    CONSTRAINT registry_enterprise_region_fk FOREIGN KEY (region_code) REFERENCES region_division (code),
    CONSTRAINT registry_enterprise_kind_check CHECK (kind IN ('construction_unit', 'general_contractor',
        'professional_subcontractor', 'labor_subcontractor', 'other_employer'))
);
CREATE INDEX registry_enterprise_region_idx ON registry_enterprise (region_code);

CREATE TABLE registry_project (
    id                     TEXT PRIMARY KEY,
    code                   TEXT NOT NULL,            -- projectCode
    name                   TEXT NOT NULL,
    region_code            TEXT NOT NULL,            -- town level (9 digits) where known
    address                TEXT NOT NULL DEFAULT '',
    lng                    DOUBLE PRECISION NULL,
    lat                    DOUBLE PRECISION NULL,
    fence_kind             TEXT NOT NULL DEFAULT 'none',
    fence_radius_m         INTEGER NULL,             -- circle: around (lng, lat)
    fence_polygon          TEXT NULL,                -- polygon: JSON [[lng, lat], ...]
    industry               TEXT NOT NULL,
    is_construction        INTEGER NOT NULL DEFAULT 1,  -- 0: service contracts (环卫 …)
    investment_type        TEXT NOT NULL,
    contract_price         BIGINT NOT NULL DEFAULT 0,   -- fen
    contract_signed_on     TEXT NULL,
    contract_start_on      TEXT NULL,
    contract_end_on        TEXT NULL,
    labor_cost_cycle       TEXT NOT NULL DEFAULT 'monthly',
    labor_cost_day         INTEGER NULL,             -- day of month the allocation is due
    labor_cost_ratio_bp    INTEGER NULL,             -- share of progress payment, basis points
    labor_cost_amount      BIGINT NULL,              -- or a fixed amount per cycle, fen
    permit_number          TEXT NULL,
    permit_on              TEXT NULL,
    status                 TEXT NOT NULL,
    status_on              TEXT NOT NULL,            -- date of the last transition
    public_token           TEXT NOT NULL,            -- stable token in the QR code (/h5/p/{token})
    construction_unit_id   TEXT NULL,                -- 建设单位 (role 008)
    general_contractor_id  TEXT NULL,                -- 总承包 (role 009)
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL,
    CONSTRAINT registry_project_code_key UNIQUE (code),
    CONSTRAINT registry_project_token_key UNIQUE (public_token),
    CONSTRAINT registry_project_region_fk FOREIGN KEY (region_code) REFERENCES region_division (code),
    CONSTRAINT registry_project_cu_fk FOREIGN KEY (construction_unit_id) REFERENCES registry_enterprise (id),
    CONSTRAINT registry_project_gc_fk FOREIGN KEY (general_contractor_id) REFERENCES registry_enterprise (id),
    CONSTRAINT registry_project_fence_check CHECK (fence_kind IN ('none', 'circle', 'polygon')),
    CONSTRAINT registry_project_industry_check CHECK (industry IN ('housing', 'municipal', 'transport', 'water',
        'energy', 'telecom', 'sanitation', 'other')),
    CONSTRAINT registry_project_investment_check CHECK (investment_type IN ('government', 'state_owned', 'private')),
    CONSTRAINT registry_project_price_check CHECK (contract_price >= 0),
    CONSTRAINT registry_project_cycle_check CHECK (labor_cost_cycle IN ('monthly', 'semimonthly', 'weekly')),
    CONSTRAINT registry_project_status_check CHECK (status IN ('approved', 'permitted', 'under_construction',
        'suspended', 'finished', 'completed', 'closed'))
);
CREATE INDEX registry_project_region_idx ON registry_project (region_code);
CREATE INDEX registry_project_status_idx ON registry_project (status);

-- Every lifecycle transition, dated; nothing is deleted.
CREATE TABLE registry_project_status_change (
    id           TEXT PRIMARY KEY,
    project_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,        -- 1, 2, … per project: the order of the changes (dates may tie)
    from_status  TEXT NULL,
    to_status    TEXT NOT NULL,
    changed_on   TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    actor_id     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    CONSTRAINT registry_status_change_seq_key UNIQUE (project_id, seq),
    CONSTRAINT registry_status_change_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id)
);

-- Participating enterprises with their role code (corpType: 008 建设单位, 009 总承包, 001 专业分包,
-- 006 劳务分包, 999 other).
CREATE TABLE registry_participant (
    project_id     TEXT NOT NULL,
    enterprise_id  TEXT NOT NULL,
    role_code      TEXT NOT NULL,
    joined_on      TEXT NULL,
    left_on        TEXT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT registry_participant_pk PRIMARY KEY (project_id, enterprise_id, role_code),
    CONSTRAINT registry_participant_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT registry_participant_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id),
    CONSTRAINT registry_participant_role_check CHECK (role_code IN ('008', '009', '001', '006', '999'))
);
CREATE INDEX registry_participant_enterprise_idx ON registry_participant (enterprise_id);

-- 班组 (teamSysNo) of one employer on one project.
CREATE TABLE registry_team (
    id             TEXT PRIMARY KEY,
    project_id     TEXT NOT NULL,
    enterprise_id  TEXT NOT NULL,
    name           TEXT NOT NULL,
    leader_name    TEXT NOT NULL DEFAULT '',
    leader_worker_id TEXT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT registry_team_name_key UNIQUE (project_id, name),
    CONSTRAINT registry_team_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT registry_team_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id)
);

-- 五员: town official, industry supervisor, labor inspector, project manager, labor-affairs officer.
CREATE TABLE registry_project_staff (
    project_id   TEXT NOT NULL,
    duty         TEXT NOT NULL,
    name         TEXT NOT NULL,
    phone_enc    TEXT NULL,
    phone_mask   TEXT NULL,
    user_id      TEXT NULL,               -- the platform login, when the person has one
    updated_at   BIGINT NOT NULL,
    CONSTRAINT registry_project_staff_pk PRIMARY KEY (project_id, duty),
    CONSTRAINT registry_project_staff_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT registry_project_staff_duty_check CHECK (duty IN ('town_official', 'industry_supervisor',
        'labor_inspector', 'project_manager', 'labor_affairs_officer'))
);

-- One person across projects. id_number_index = FieldCipher::BlindIndex(upper-cased ID number).
CREATE TABLE registry_worker (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    id_card_type        TEXT NOT NULL DEFAULT '01',
    id_number_enc       TEXT NOT NULL,
    id_number_index     TEXT NOT NULL,
    id_number_mask      TEXT NOT NULL,
    birth_date          TEXT NOT NULL,
    sex                 TEXT NOT NULL,
    native_region_code  TEXT NOT NULL,        -- first 6 digits of the ID number (may be a former code)
    over_age            INTEGER NOT NULL DEFAULT 0,
    phone_enc           TEXT NULL,
    phone_mask          TEXT NULL,
    bank_card_enc       TEXT NULL,
    bank_card_mask      TEXT NULL,
    bank_name           TEXT NULL,
    work_type           TEXT NULL,            -- workType code (010 砌筑工 …)
    photo_ref           TEXT NULL,
    registered_by_enterprise_id TEXT NULL,    -- the enterprise whose user registered the worker (sees it before any contract)
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    CONSTRAINT registry_worker_id_number_key UNIQUE (id_number_index),
    CONSTRAINT registry_worker_sex_check CHECK (sex IN ('M', 'F'))
);
CREATE INDEX registry_worker_name_idx ON registry_worker (name);

-- Labor contract or written employment agreement: worker × project × employer (× team).
CREATE TABLE registry_contract (
    id            TEXT PRIMARY KEY,
    worker_id     TEXT NOT NULL,
    project_id    TEXT NOT NULL,
    employer_id   TEXT NOT NULL,
    team_id       TEXT NULL,
    kind          TEXT NOT NULL,
    start_on      TEXT NOT NULL,
    end_on        TEXT NULL,
    wage_type     TEXT NOT NULL,
    wage_rate     BIGINT NOT NULL,            -- fen per day, per month or per unit
    signed_on     TEXT NOT NULL,
    entered_on    TEXT NULL,                  -- set by the entry record; REG 28: no entry without a contract
    exited_on     TEXT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT registry_contract_key UNIQUE (worker_id, project_id, employer_id, start_on),
    CONSTRAINT registry_contract_worker_fk FOREIGN KEY (worker_id) REFERENCES registry_worker (id),
    CONSTRAINT registry_contract_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT registry_contract_employer_fk FOREIGN KEY (employer_id) REFERENCES registry_enterprise (id),
    CONSTRAINT registry_contract_team_fk FOREIGN KEY (team_id) REFERENCES registry_team (id),
    CONSTRAINT registry_contract_kind_check CHECK (kind IN ('labor_contract', 'employment_agreement')),
    CONSTRAINT registry_contract_wage_type_check CHECK (wage_type IN ('daily', 'monthly', 'piece')),
    CONSTRAINT registry_contract_rate_check CHECK (wage_rate >= 0)
);
CREATE INDEX registry_contract_worker_idx ON registry_contract (worker_id);

CREATE INDEX registry_contract_project_worker_idx ON registry_contract (project_id, worker_id);

CREATE TABLE registry_entry_exit (
    id           TEXT PRIMARY KEY,
    contract_id  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    on_date      TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    CONSTRAINT registry_entry_exit_contract_fk FOREIGN KEY (contract_id) REFERENCES registry_contract (id),
    CONSTRAINT registry_entry_exit_kind_check CHECK (kind IN ('entry', 'exit'))
);
CREATE INDEX registry_entry_exit_contract_idx ON registry_entry_exit (contract_id);

-- Raw punches from gate devices and apps. Idempotent by (device_id, punch_id).
CREATE TABLE registry_punch (
    device_id      TEXT NOT NULL,
    punch_id       TEXT NOT NULL,
    project_id     TEXT NOT NULL,
    worker_id      TEXT NOT NULL,
    punched_at     BIGINT NOT NULL,
    work_date      TEXT NOT NULL,          -- Shanghai date of punched_at
    direction      TEXT NOT NULL,          -- in | out (01 / 02 in the standard)
    channel        TEXT NOT NULL DEFAULT '',
    lng            DOUBLE PRECISION NULL,
    lat            DOUBLE PRECISION NULL,
    outside_fence  INTEGER NOT NULL DEFAULT 0,
    received_at    BIGINT NOT NULL,
    CONSTRAINT registry_punch_pk PRIMARY KEY (device_id, punch_id),
    CONSTRAINT registry_punch_direction_check CHECK (direction IN ('in', 'out'))
);
-- One secondary index only (ingest speed): the day recompute reads punches by (project, worker, day);
-- calendar views read registry_attendance_day.
CREATE INDEX registry_punch_project_worker_day_idx ON registry_punch (project_id, worker_id, work_date);

-- Daily summary per worker per project, recomputed from the punches of that day.
CREATE TABLE registry_attendance_day (
    project_id     TEXT NOT NULL,
    worker_id      TEXT NOT NULL,
    work_date      TEXT NOT NULL,
    first_in_at    BIGINT NULL,
    last_out_at    BIGINT NULL,
    minutes        INTEGER NOT NULL DEFAULT 0,
    counted        INTEGER NOT NULL DEFAULT 0,   -- a work day by the region's rule (default > 4 h)
    punches        INTEGER NOT NULL DEFAULT 0,
    outside_fence  INTEGER NOT NULL DEFAULT 0,   -- punches outside the fence that day
    CONSTRAINT registry_attendance_day_pk PRIMARY KEY (project_id, worker_id, work_date)
);
CREATE INDEX registry_attendance_day_worker_idx ON registry_attendance_day (worker_id, work_date);
