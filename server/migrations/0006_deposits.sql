-- 0006: wage guarantee deposits (工资保证金, DEP): the required amount with its explained
-- computation, the forms that hold it (cash account, bank letter of guarantee, guarantee-company
-- letter, surety insurance policy), its use to pay named workers, top-up and return.

CREATE TABLE deposits_requirement (
    id                     TEXT PRIMARY KEY,
    project_id             TEXT NOT NULL,
    general_contractor_id  TEXT NOT NULL,
    contract_price         BIGINT NOT NULL,               -- fen, the price the computation used
    required_amount        BIGINT NOT NULL,               -- fen; 0 when exempt
    exempt                 INTEGER NOT NULL DEFAULT 0,
    computation            TEXT NOT NULL,                 -- JSON: the rule lines that produced the amount
    due_on                 TEXT NULL,                     -- 20 working days after the permit (DEP 8); NULL: no permit yet
    due_basis              TEXT NULL,                     -- permit | contract (no permit needed)
    computed_at            BIGINT NOT NULL,
    computed_by            TEXT NOT NULL,
    CONSTRAINT deposits_requirement_project_key UNIQUE (project_id),
    CONSTRAINT deposits_requirement_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT deposits_requirement_gc_fk FOREIGN KEY (general_contractor_id) REFERENCES registry_enterprise (id),
    CONSTRAINT deposits_requirement_amount_check CHECK (required_amount >= 0),
    CONSTRAINT deposits_requirement_basis_check CHECK (due_basis IS NULL OR due_basis IN ('permit', 'contract'))
);

CREATE TABLE deposits_instrument (
    id               TEXT PRIMARY KEY,
    project_id       TEXT NOT NULL,
    form             TEXT NOT NULL,                       -- cash | bank_guarantee | guarantee_company | insurance
    issuer           TEXT NOT NULL,                       -- bank, guarantor or insurer
    number           TEXT NOT NULL,                       -- account, letter or policy number
    amount           BIGINT NOT NULL,
    lodged_on        TEXT NOT NULL,
    valid_from       TEXT NULL,
    valid_to         TEXT NULL,                           -- guarantees and policies expire
    status           TEXT NOT NULL,                       -- active | used | returned | expired
    balance          BIGINT NOT NULL,                     -- after uses and top-ups
    returned_on      TEXT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT deposits_instrument_number_key UNIQUE (form, issuer, number),
    CONSTRAINT deposits_instrument_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT deposits_instrument_form_check CHECK (form IN ('cash', 'bank_guarantee', 'guarantee_company', 'insurance')),
    CONSTRAINT deposits_instrument_status_check CHECK (status IN ('active', 'used', 'returned', 'expired')),
    CONSTRAINT deposits_instrument_amount_check CHECK (amount > 0 AND balance >= 0)
);
CREATE INDEX deposits_instrument_project_idx ON deposits_instrument (project_id);

-- Use after a missed pay order: payment notice → bank pays named workers within 5 WD → GC tops up
-- within 10 WD of the payment (DEP 19–21).
CREATE TABLE deposits_use (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL,
    instrument_id     TEXT NOT NULL,
    notice_number     TEXT NOT NULL,
    notice_on         TEXT NOT NULL,
    amount            BIGINT NOT NULL,
    pay_due_on        TEXT NOT NULL,
    paid_on           TEXT NULL,
    topup_due_on      TEXT NULL,                          -- set when the payment is recorded
    topped_up_on      TEXT NULL,
    workers           TEXT NOT NULL,                      -- JSON [{workerId, amount}]
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CONSTRAINT deposits_use_notice_key UNIQUE (project_id, notice_number),
    CONSTRAINT deposits_use_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT deposits_use_instrument_fk FOREIGN KEY (instrument_id) REFERENCES deposits_instrument (id),
    CONSTRAINT deposits_use_amount_check CHECK (amount > 0)
);
CREATE INDEX deposits_use_project_idx ON deposits_use (project_id);

-- Return after completion: 30-day notice → review within 5 WD → confirmation within 3 WD (DEP 22).
CREATE TABLE deposits_return (
    id                TEXT PRIMARY KEY,
    project_id        TEXT NOT NULL,
    applied_on        TEXT NOT NULL,
    notice_ends_on    TEXT NOT NULL,
    review_due_on     TEXT NOT NULL,
    reviewed_on       TEXT NULL,
    review_result     TEXT NULL,                          -- approved | refused
    review_reason     TEXT NULL,
    reviewer_id       TEXT NULL,
    confirm_due_on    TEXT NULL,
    confirmed_on      TEXT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CONSTRAINT deposits_return_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT deposits_return_result_check CHECK (review_result IS NULL OR review_result IN ('approved', 'refused'))
);
CREATE INDEX deposits_return_project_idx ON deposits_return (project_id);

-- Manual declarations behind the default CreditHistoryProvider (until the credit module exists):
-- per enterprise and calendar year, whether it had wage arrears and whether real-name management
-- and the dedicated wage account were in place.
CREATE TABLE deposits_history (
    enterprise_id          TEXT NOT NULL,
    year                   INTEGER NOT NULL,
    had_arrears            INTEGER NOT NULL,
    real_name_and_account  INTEGER NOT NULL DEFAULT 0,
    note                   TEXT NOT NULL DEFAULT '',
    declared_by            TEXT NOT NULL,
    declared_at            BIGINT NOT NULL,
    CONSTRAINT deposits_history_pk PRIMARY KEY (enterprise_id, year),
    CONSTRAINT deposits_history_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id)
);
