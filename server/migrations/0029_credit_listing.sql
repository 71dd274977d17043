-- 0029: the joint-punishment list (失信联合惩戒对象名单, 人社部令第45号; credit module). One row per
-- listing procedure: proposed with its conditions recorded (an order to pay missed, and arrears at or
-- above the provincial threshold or a mass/extreme incident), notified in writing (告知书) with a
-- period to state the case (陈述申辩), decided (列入 or 不予列入), then removed on expiry (3 years) or
-- early by credit repair (信用修复: arrears paid ≥ 6 months before, no new arrears, a written pledge).
-- Dates are YYYY-MM-DD (Asia/Shanghai); deadlines are counted in working days by the rules.
CREATE TABLE credit_listing (
    id                  TEXT PRIMARY KEY,
    number              TEXT NOT NULL,               -- 惩戒〔2026〕370102-0001: cited in documents
    enterprise_id       TEXT NOT NULL,
    enterprise_name     TEXT NOT NULL,               -- as at proposal: what the public list shows
    credit_code         TEXT NOT NULL,
    region_code         TEXT NOT NULL,               -- the deciding department's region
    state               TEXT NOT NULL,               -- proposed | notified | listed | dropped | removed
    case_id             TEXT NULL,                   -- the arrears case, when there is one
    arrears_fen         BIGINT NOT NULL,
    threshold_fen       BIGINT NOT NULL,             -- the provincial threshold in force at proposal
    order_missed_on     TEXT NOT NULL,               -- the order to pay's deadline that passed unpaid
    mass_incident       INTEGER NOT NULL DEFAULT 0,  -- 群体性或极端事件
    reason              TEXT NOT NULL,               -- the facts, as the decision states them
    proposed_by         TEXT NOT NULL,
    proposed_at         BIGINT NOT NULL,
    notified_on         TEXT NULL,
    statement_due       TEXT NULL,                   -- last day to state the case
    statement           TEXT NULL,
    statement_on        TEXT NULL,
    decision_due        TEXT NULL,                   -- the department decides by then
    decided_on          TEXT NULL,
    decision_reason     TEXT NULL,
    expires_on          TEXT NULL,                   -- listed: removed on this day
    arrears_paid_on     TEXT NULL,                   -- correction: the arrears paid in full
    repair_applied_on   TEXT NULL,
    repair_pledge       TEXT NULL,                   -- the written pledge (信用承诺)
    repair_review_due   TEXT NULL,
    repair_refused_on   TEXT NULL,
    repair_refusal      TEXT NULL,
    removed_on          TEXT NULL,
    removal             TEXT NULL,                   -- expired | repaired
    updated_at          BIGINT NOT NULL,
    CONSTRAINT credit_listing_state_check CHECK (state IN ('proposed', 'notified', 'listed', 'dropped', 'removed')),
    CONSTRAINT credit_listing_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id),
    CONSTRAINT credit_listing_number_unique UNIQUE (number)
);
CREATE INDEX credit_listing_enterprise_idx ON credit_listing (enterprise_id, state);
CREATE INDEX credit_listing_state_idx ON credit_listing (state, expires_on);

-- The persons listed with the enterprise: its legal representative and the directly responsible
-- persons. The ID number is personal data: sealed, with a mask for display and a blind index.
CREATE TABLE credit_listing_person (
    listing_id       TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    role             TEXT NOT NULL,                  -- legal_representative | responsible
    name             TEXT NOT NULL,
    id_number_enc    TEXT NOT NULL,
    id_number_mask   TEXT NOT NULL,
    id_number_index  TEXT NOT NULL,
    CONSTRAINT credit_listing_person_pk PRIMARY KEY (listing_id, seq),
    CONSTRAINT credit_listing_person_listing_fk FOREIGN KEY (listing_id) REFERENCES credit_listing (id),
    CONSTRAINT credit_listing_person_role_check CHECK (role IN ('legal_representative', 'responsible'))
);
CREATE INDEX credit_listing_person_index_idx ON credit_listing_person (id_number_index);

-- Every step of a procedure, in order, attributed: the worklist's timeline.
CREATE TABLE credit_listing_step (
    listing_id   TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    action       TEXT NOT NULL,                      -- propose | notify | statement | decide | drop | correction | repair_apply | repair_grant | repair_refuse | expire
    on_date      TEXT NOT NULL,
    at           BIGINT NOT NULL,
    by_user      TEXT NOT NULL,
    by_name      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    CONSTRAINT credit_listing_step_pk PRIMARY KEY (listing_id, seq),
    CONSTRAINT credit_listing_step_listing_fk FOREIGN KEY (listing_id) REFERENCES credit_listing (id)
);
