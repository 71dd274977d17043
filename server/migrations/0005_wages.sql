-- 0005: the wage funds chain: dedicated wage accounts (专户), output value and labor-cost
-- allocations (人工费拨付), the bank feed of account transactions, payrolls (工资表) and bank
-- direct-pay batches (代发) with their return files. Money is BIGINT fen; dates 'YYYY-MM-DD'.

CREATE TABLE wages_account (
    id                      TEXT PRIMARY KEY,
    project_id              TEXT NOT NULL,
    general_contractor_id   TEXT NOT NULL,            -- opens the account (REG 26)
    bank_code               TEXT NOT NULL,            -- e.g. ICBC; bank operators are scoped by it
    bank_name               TEXT NOT NULL,
    branch_name             TEXT NOT NULL DEFAULT '',
    account_name            TEXT NOT NULL,
    account_number_enc      TEXT NOT NULL,
    account_number_mask     TEXT NOT NULL,
    account_number_index    TEXT NOT NULL,            -- bank feeds name the account by number
    opened_on               TEXT NOT NULL,
    agreement_ref           TEXT NULL,                -- tripartite agreement (owner + GC + bank) on file
    agreement_signed_on     TEXT NULL,
    filed_on                TEXT NULL,                -- filing with the regulator
    status                  TEXT NOT NULL,            -- open | closing | closed
    closure_notice_on       TEXT NULL,                -- start of the 30-day public notice
    closed_on               TEXT NULL,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    CONSTRAINT wages_account_project_key UNIQUE (project_id),
    CONSTRAINT wages_account_number_key UNIQUE (account_number_index),
    CONSTRAINT wages_account_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT wages_account_gc_fk FOREIGN KEY (general_contractor_id) REFERENCES registry_enterprise (id),
    CONSTRAINT wages_account_status_check CHECK (status IN ('open', 'closing', 'closed'))
);
CREATE INDEX wages_account_bank_idx ON wages_account (bank_code);

-- Monthly output value / progress settlement (产值), and for government projects the progress
-- payment against it (≥ 80% rule).
CREATE TABLE wages_output_value (
    project_id        TEXT NOT NULL,
    period            TEXT NOT NULL,                  -- YYYY-MM
    output_value      BIGINT NOT NULL,
    progress_payment  BIGINT NULL,
    settled_on        TEXT NULL,
    updated_at        BIGINT NOT NULL,
    CONSTRAINT wages_output_value_pk PRIMARY KEY (project_id, period),
    CONSTRAINT wages_output_value_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT wages_output_value_amount_check CHECK (output_value >= 0 AND (progress_payment IS NULL OR progress_payment >= 0))
);

-- Labor-cost allocations by the construction unit into the account.
CREATE TABLE wages_allocation (
    id             TEXT PRIMARY KEY,
    project_id     TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    period         TEXT NOT NULL,                     -- YYYY-MM the allocation is for
    amount         BIGINT NOT NULL,
    allocated_on   TEXT NOT NULL,
    bank_txn_id    TEXT NULL,                         -- the credit in the bank feed, when matched
    created_at     BIGINT NOT NULL,
    CONSTRAINT wages_allocation_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT wages_allocation_account_fk FOREIGN KEY (account_id) REFERENCES wages_account (id),
    CONSTRAINT wages_allocation_amount_check CHECK (amount > 0)
);
CREATE INDEX wages_allocation_project_idx ON wages_allocation (project_id, period);

-- Bank feed of account credits and debits; idempotent by the bank's transaction id.
CREATE TABLE wages_account_txn (
    account_id               TEXT NOT NULL,
    bank_txn_id              TEXT NOT NULL,
    direction                TEXT NOT NULL,           -- credit | debit
    amount                   BIGINT NOT NULL,
    booked_on                TEXT NOT NULL,
    counterparty_name        TEXT NOT NULL DEFAULT '',
    counterparty_account_enc TEXT NULL,
    counterparty_account_mask TEXT NULL,
    purpose                  TEXT NOT NULL DEFAULT '',
    worker_id                TEXT NULL,               -- debit matched to a registered worker of the project
    flagged                  INTEGER NOT NULL DEFAULT 0,  -- debit not to a registered worker (account may only pay wages)
    flag_reason              TEXT NULL,
    created_at               BIGINT NOT NULL,
    CONSTRAINT wages_account_txn_pk PRIMARY KEY (account_id, bank_txn_id),
    CONSTRAINT wages_account_txn_account_fk FOREIGN KEY (account_id) REFERENCES wages_account (id),
    CONSTRAINT wages_account_txn_direction_check CHECK (direction IN ('credit', 'debit')),
    CONSTRAINT wages_account_txn_amount_check CHECK (amount > 0)
);
CREATE INDEX wages_account_txn_booked_idx ON wages_account_txn (account_id, booked_on);

-- A payroll per project, month and team (or employer), construction or service contract.
CREATE TABLE wages_payroll (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL,
    employer_id     TEXT NOT NULL,
    team_id         TEXT NULL,
    period          TEXT NOT NULL,                    -- YYYY-MM worked
    pay_date        TEXT NOT NULL,                    -- agreed pay date
    source          TEXT NOT NULL,                    -- attendance | import | manual
    status          TEXT NOT NULL,                    -- draft | submitted | approved | paying | paid
    submitted_at    BIGINT NULL,
    approved_at     BIGINT NULL,
    approved_by     TEXT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT wages_payroll_key UNIQUE (project_id, employer_id, team_id, period),
    CONSTRAINT wages_payroll_project_fk FOREIGN KEY (project_id) REFERENCES registry_project (id),
    CONSTRAINT wages_payroll_employer_fk FOREIGN KEY (employer_id) REFERENCES registry_enterprise (id),
    CONSTRAINT wages_payroll_status_check CHECK (status IN ('draft', 'submitted', 'approved', 'paying', 'paid'))
);
CREATE INDEX wages_payroll_project_idx ON wages_payroll (project_id, period);
-- The key above lets two payrolls without a team coexist (NULLs are distinct); this one does not.
CREATE UNIQUE INDEX wages_payroll_scope_key ON wages_payroll (project_id, employer_id, COALESCE(team_id, ''), period);

CREATE TABLE wages_payroll_line (
    id                TEXT PRIMARY KEY,
    payroll_id        TEXT NOT NULL,
    worker_id         TEXT NOT NULL,
    contract_id       TEXT NULL,
    days              INTEGER NOT NULL DEFAULT 0,
    minutes           INTEGER NOT NULL DEFAULT 0,
    base_pay          BIGINT NOT NULL DEFAULT 0,
    overtime_pay      BIGINT NOT NULL DEFAULT 0,
    other_pay         BIGINT NOT NULL DEFAULT 0,
    gross_pay         BIGINT NOT NULL,
    deductions        BIGINT NOT NULL DEFAULT 0,
    deduction_note    TEXT NOT NULL DEFAULT '',
    net_pay           BIGINT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',        -- 备注 (e.g. the piece-rate reminder)
    confirmed_at      BIGINT NULL,                    -- worker signed or confirmed (REG 31)
    confirm_method    TEXT NULL,                      -- signature | h5 | sms
    paid_amount       BIGINT NOT NULL DEFAULT 0,      -- bank-confirmed
    paid_on           TEXT NULL,
    bank_reference    TEXT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CONSTRAINT wages_payroll_line_key UNIQUE (payroll_id, worker_id),
    CONSTRAINT wages_payroll_line_payroll_fk FOREIGN KEY (payroll_id) REFERENCES wages_payroll (id),
    CONSTRAINT wages_payroll_line_worker_fk FOREIGN KEY (worker_id) REFERENCES registry_worker (id),
    CONSTRAINT wages_payroll_line_amount_check CHECK (gross_pay >= 0 AND deductions >= 0 AND net_pay >= 0
        AND net_pay = gross_pay - deductions AND paid_amount >= 0 AND paid_amount <= net_pay)
);
CREATE INDEX wages_payroll_line_worker_idx ON wages_payroll_line (worker_id);

-- A file for the bank: one line per worker to pay from the account (REG 31).
CREATE TABLE wages_pay_batch (
    id             TEXT PRIMARY KEY,
    payroll_id     TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    bank_code      TEXT NOT NULL,
    sequence       INTEGER NOT NULL,                  -- 1 for the first batch of a payroll, 2 for a re-issue …
    status         TEXT NOT NULL,                     -- issued | returned
    line_count     INTEGER NOT NULL,
    total_amount   BIGINT NOT NULL,
    paid_amount    BIGINT NOT NULL DEFAULT 0,
    failed_amount  BIGINT NOT NULL DEFAULT 0,
    issued_at      BIGINT NOT NULL,
    returned_at    BIGINT NULL,
    CONSTRAINT wages_pay_batch_key UNIQUE (payroll_id, sequence),
    CONSTRAINT wages_pay_batch_payroll_fk FOREIGN KEY (payroll_id) REFERENCES wages_payroll (id),
    CONSTRAINT wages_pay_batch_account_fk FOREIGN KEY (account_id) REFERENCES wages_account (id),
    CONSTRAINT wages_pay_batch_status_check CHECK (status IN ('issued', 'returned'))
);

CREATE TABLE wages_pay_batch_line (
    batch_id          TEXT NOT NULL,
    payroll_line_id   TEXT NOT NULL,
    reference         TEXT NOT NULL,                  -- unique per line, echoed by the bank's return file
    worker_id         TEXT NOT NULL,
    payee_name        TEXT NOT NULL DEFAULT '',       -- as sent to the bank (snapshot at issue)
    card_enc          TEXT NULL,                      -- the worker's own card at issue (REG 31), sealed
    card_mask         TEXT NULL,
    card_bank_name    TEXT NULL,
    amount            BIGINT NOT NULL,
    status            TEXT NOT NULL,                  -- pending | paid | failed
    failure_reason    TEXT NULL,
    settled_on        TEXT NULL,
    bank_reference    TEXT NULL,
    CONSTRAINT wages_pay_batch_line_pk PRIMARY KEY (batch_id, payroll_line_id),
    CONSTRAINT wages_pay_batch_line_reference_key UNIQUE (reference),
    CONSTRAINT wages_pay_batch_line_batch_fk FOREIGN KEY (batch_id) REFERENCES wages_pay_batch (id),
    CONSTRAINT wages_pay_batch_line_line_fk FOREIGN KEY (payroll_line_id) REFERENCES wages_payroll_line (id),
    CONSTRAINT wages_pay_batch_line_status_check CHECK (status IN ('pending', 'paid', 'failed')),
    CONSTRAINT wages_pay_batch_line_amount_check CHECK (amount > 0)
);
CREATE INDEX wages_pay_batch_line_worker_idx ON wages_pay_batch_line (worker_id);
