-- 0007: one entrance, one exit — complaints (clues) from every channel, their routing, the cases
-- that handle them with every step kept, deadlines and cards, and the notification outbox.
-- Personal data of complainants is sealed (*_enc), masked (*_mask) and blind-indexed (*_index).

CREATE TABLE clues_clue (
    id                          TEXT PRIMARY KEY,
    tracking_code               TEXT NOT NULL,            -- given to the complainant; with the phone it opens the tracking page
    channel                     TEXT NOT NULL,
    source_system               TEXT NULL,                -- feeds from other systems: idempotent by (source_system, source_id)
    source_id                   TEXT NULL,
    is_construction             INTEGER NOT NULL DEFAULT 1,
    complainant_name            TEXT NOT NULL,
    complainant_id_number_enc   TEXT NULL,
    complainant_id_number_mask  TEXT NULL,
    complainant_id_number_index TEXT NULL,
    complainant_phone_enc       TEXT NOT NULL,
    complainant_phone_mask      TEXT NOT NULL,
    complainant_phone_index     TEXT NOT NULL,
    complainant_bank_card_enc   TEXT NULL,
    complainant_bank_card_mask  TEXT NULL,
    identity_disclosure_agreed  INTEGER NOT NULL DEFAULT 0,   -- employers see who filed only when 1
    worker_id                   TEXT NULL,                -- the registered worker, when matched
    employer_name               TEXT NOT NULL,
    employer_address            TEXT NOT NULL DEFAULT '',
    employer_id                 TEXT NULL,                -- matched enterprise
    project_id                  TEXT NULL,
    region_code                 TEXT NOT NULL,            -- where it is handled (town of the project, else employer's region)
    county_code                 TEXT NOT NULL,
    industry                    TEXT NULL,
    unpaid_from                 TEXT NULL,                -- YYYY-MM
    unpaid_to                   TEXT NULL,
    amount                      BIGINT NOT NULL,          -- claimed, fen
    worker_count                INTEGER NOT NULL DEFAULT 1,
    description                 TEXT NOT NULL,
    key_grade                   TEXT NULL,                -- red | yellow | blue supervision of key clues
    key_reason                  TEXT NULL,
    status                      TEXT NOT NULL,            -- received | accepted | rejected | merged
    case_id                     TEXT NULL,
    accept_deadline_on          TEXT NULL,                -- received + clue.accept_working_days (working days)
    decided_at                  BIGINT NULL,              -- accepted or rejected
    decided_by                  TEXT NULL,
    decision_reason             TEXT NULL,                -- required when rejected
    received_at                 BIGINT NOT NULL,
    created_by                  TEXT NOT NULL,            -- user id, or 'public'
    created_at                  BIGINT NOT NULL,
    updated_at                  BIGINT NOT NULL,
    CONSTRAINT clues_clue_tracking_key UNIQUE (tracking_code),
    CONSTRAINT clues_clue_source_key UNIQUE (source_system, source_id),
    CONSTRAINT clues_clue_channel_check CHECK (channel IN ('national_platform', 'hotline_12345', 'hotline_12333',
        'petition', 'walk_in', 'project_qr', 'web', 'transfer')),
    CONSTRAINT clues_clue_amount_check CHECK (amount > 0 AND worker_count >= 1),
    CONSTRAINT clues_clue_status_check CHECK (status IN ('received', 'accepted', 'rejected', 'merged')),
    CONSTRAINT clues_clue_grade_check CHECK (key_grade IS NULL OR key_grade IN ('red', 'yellow', 'blue'))
);
CREATE INDEX clues_clue_region_idx ON clues_clue (region_code, received_at);
CREATE INDEX clues_clue_project_idx ON clues_clue (project_id);
CREATE INDEX clues_clue_phone_idx ON clues_clue (complainant_phone_index);
CREATE INDEX clues_clue_status_idx ON clues_clue (status, received_at);

-- 双交办 / 三交办: every party a clue was sent to, with re-routing history (inactive rows kept).
CREATE TABLE clues_routing (
    id            TEXT PRIMARY KEY,
    clue_id       TEXT NOT NULL,
    target_kind   TEXT NOT NULL,                           -- town | county | department | gc_headquarters
    target_ref    TEXT NOT NULL,                           -- region code, department id or enterprise id
    reason        TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    routed_by     TEXT NOT NULL,
    routed_at     BIGINT NOT NULL,
    CONSTRAINT clues_routing_clue_fk FOREIGN KEY (clue_id) REFERENCES clues_clue (id),
    CONSTRAINT clues_routing_kind_check CHECK (target_kind IN ('town', 'county', 'department', 'gc_headquarters'))
);
CREATE INDEX clues_routing_clue_idx ON clues_routing (clue_id);

-- Public intake throttling (per IP and per phone index), so floods are refused without losing
-- an honest complaint from someone else.
CREATE TABLE clues_intake_counter (
    bucket_key    TEXT NOT NULL,                           -- 'ip:1.2.3.4' or 'phone:<index>'
    window_start  BIGINT NOT NULL,
    hits          INTEGER NOT NULL,
    CONSTRAINT clues_intake_counter_pk PRIMARY KEY (bucket_key, window_start)
);

-- Spent proof-of-work challenges of the public intake: one solution opens one submission.
CREATE TABLE clues_pow_spent (
    challenge_mac  TEXT NOT NULL,                          -- the signature part of the challenge
    expires_at     BIGINT NOT NULL,                        -- rows past this may be deleted
    CONSTRAINT clues_pow_spent_pk PRIMARY KEY (challenge_mac)
);
CREATE INDEX clues_pow_spent_expires_idx ON clues_pow_spent (expires_at);

CREATE TABLE cases_case (
    id                  TEXT PRIMARY KEY,
    number              TEXT NOT NULL,                     -- 案件编号
    project_id          TEXT NULL,
    employer_id         TEXT NULL,
    employer_name       TEXT NOT NULL,
    region_code         TEXT NOT NULL,
    county_code         TEXT NOT NULL,
    industry            TEXT NULL,
    collective          INTEGER NOT NULL DEFAULT 0,
    state               TEXT NOT NULL,
    conclusion          TEXT NULL,                         -- standard handling conclusion on closure
    escalation_level    INTEGER NOT NULL DEFAULT 0,        -- +1 on each reopen
    card                TEXT NULL,                         -- yellow | red
    card_at             BIGINT NULL,
    key_grade           TEXT NULL,
    step_deadline_on    TEXT NULL,                         -- the next deadline (working days from the calendar)
    close_deadline_on   TEXT NULL,
    paused              INTEGER NOT NULL DEFAULT 0,
    paused_reason       TEXT NULL,
    paused_since        BIGINT NULL,
    claimed_amount      BIGINT NOT NULL DEFAULT 0,
    recovered_amount    BIGINT NOT NULL DEFAULT 0,
    last_progress_at    BIGINT NOT NULL,
    opened_at           BIGINT NOT NULL,
    closed_at           BIGINT NULL,
    warning_id          TEXT NULL,                         -- a warning that became this case (三网融合)
    channel             TEXT NULL,                         -- channel of the first clue (workbench filter)
    deadline_base_on    TEXT NOT NULL,                     -- date deadlines count from: received, or reopened
    paused_working_days INTEGER NOT NULL DEFAULT 0,        -- working days paused so far (added to every deadline)
    investigation       INTEGER NOT NULL DEFAULT 0,        -- formal investigation (LSI 17: 60 WD) instead of 15 WD
    extended            INTEGER NOT NULL DEFAULT 0,        -- investigation extended by approval (+30 WD)
    pay_by_on           TEXT NULL,                         -- 责令限期支付: the pay-by date
    first_contact_at    BIGINT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    CONSTRAINT cases_case_number_key UNIQUE (number),
    CONSTRAINT cases_case_card_check CHECK (card IS NULL OR card IN ('yellow', 'red')),
    CONSTRAINT cases_case_state_check CHECK (state IN ('accepted', 'contacted', 'verifying', 'mediating', 'ordered',
        'paying', 'closed'))
);
CREATE INDEX cases_case_region_idx ON cases_case (region_code, state);
CREATE INDEX cases_case_project_idx ON cases_case (project_id, state);

-- The collective case ledger: each worker's claim.
CREATE TABLE cases_claim (
    case_id       TEXT NOT NULL,
    clue_id       TEXT NOT NULL,
    worker_id     TEXT NULL,
    worker_name   TEXT NOT NULL,
    worker_count  INTEGER NOT NULL DEFAULT 1,              -- workers the clue speaks for (team leaders file for several)
    amount        BIGINT NOT NULL,
    unpaid_from   TEXT NULL,
    unpaid_to     TEXT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT cases_claim_pk PRIMARY KEY (case_id, clue_id),
    CONSTRAINT cases_claim_case_fk FOREIGN KEY (case_id) REFERENCES cases_case (id),
    CONSTRAINT cases_claim_clue_fk FOREIGN KEY (clue_id) REFERENCES clues_clue (id)
);

-- Every step: who, when, what; nothing is ever deleted.
CREATE TABLE cases_step (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    actor_id      TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    at            BIGINT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '{}',              -- JSON
    attachments   TEXT NOT NULL DEFAULT '[]',              -- JSON references
    CONSTRAINT cases_step_seq_key UNIQUE (case_id, seq),
    CONSTRAINT cases_step_case_fk FOREIGN KEY (case_id) REFERENCES cases_case (id)
);

CREATE TABLE cases_fund_advance (
    id             TEXT PRIMARY KEY,
    case_id        TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    approved_by    TEXT NOT NULL,
    advanced_on    TEXT NOT NULL,
    repaid_amount  BIGINT NOT NULL DEFAULT 0,
    repaid_on      TEXT NULL,
    created_at     BIGINT NOT NULL,
    CONSTRAINT cases_fund_advance_case_fk FOREIGN KEY (case_id) REFERENCES cases_case (id),
    CONSTRAINT cases_fund_advance_amount_check CHECK (amount > 0 AND repaid_amount >= 0 AND repaid_amount <= amount)
);

-- Messages leave through the outbox, written in the same transaction as the step; a sender
-- delivers after commit with retries and backoff.
CREATE TABLE notify_outbox (
    id               TEXT PRIMARY KEY,
    channel          TEXT NOT NULL,                        -- sms | internal
    recipient_enc    TEXT NOT NULL,                        -- phone or user id, sealed
    recipient_mask   TEXT NOT NULL,
    template         TEXT NOT NULL,
    params           TEXT NOT NULL DEFAULT '{}',           -- JSON, no personal data beyond what the recipient may see
    body             TEXT NOT NULL,
    status           TEXT NOT NULL,                        -- pending | sending | sent | failed
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT NOT NULL,
    lease_until      BIGINT NULL,                          -- a sender's claim; expired leases are retried
    last_error       TEXT NULL,
    sent_at          BIGINT NULL,
    dedupe_key       TEXT NULL,
    created_at       BIGINT NOT NULL,
    CONSTRAINT notify_outbox_dedupe_key UNIQUE (dedupe_key),
    CONSTRAINT notify_outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'))
);
CREATE INDEX notify_outbox_due_idx ON notify_outbox (status, next_attempt_at);
