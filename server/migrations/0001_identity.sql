-- 0001: users, sessions, the hash-chained audit trail, and remembered POST results (Idempotency-Key).
-- Timestamps are BIGINT milliseconds since the epoch from the app's injected clock.

CREATE TABLE identity_user (
    id                   TEXT PRIMARY KEY,
    username             TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL,
    region_code          TEXT NOT NULL DEFAULT '',
    industry             TEXT NOT NULL DEFAULT '',
    enterprise_id        TEXT NOT NULL DEFAULT '',
    bank_code            TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'active',
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         BIGINT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    password_changed_at  BIGINT NOT NULL,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    CONSTRAINT identity_user_username_key UNIQUE (username),
    CONSTRAINT identity_user_status_check CHECK (status IN ('active', 'disabled')),
    CONSTRAINT identity_user_role_check CHECK (role IN ('system-admin', 'security-admin', 'audit-admin',
        'supervisor', 'industry-officer', 'enterprise-user', 'bank-operator'))
);
CREATE INDEX identity_user_region_idx ON identity_user (region_code);

CREATE TABLE identity_session (
    id             TEXT PRIMARY KEY,
    token_hash     TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    last_seen_at   BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    revoked_at     BIGINT NULL,
    CONSTRAINT identity_session_token_key UNIQUE (token_hash),
    CONSTRAINT identity_session_user_fk FOREIGN KEY (user_id) REFERENCES identity_user (id)
);
CREATE INDEX identity_session_user_idx ON identity_session (user_id);

-- Append-only. hash = SHA-256 over prev_hash and every other column (see audit/audit.cpp).
CREATE TABLE audit_event (
    seq            BIGINT PRIMARY KEY,
    id             TEXT NOT NULL,
    at             BIGINT NOT NULL,
    actor_id       TEXT NOT NULL,
    actor_name     TEXT NOT NULL,
    actor_role     TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    request_id     TEXT NOT NULL,
    change_digest  TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id, seq);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, seq);

-- One row: the chain head. Appenders update it first, which serialises them on PostgreSQL.
CREATE TABLE audit_chain_head (
    id    INTEGER PRIMARY KEY,
    seq   BIGINT NOT NULL,
    hash  TEXT NOT NULL,
    CONSTRAINT audit_chain_head_single CHECK (id = 1)
);
INSERT INTO audit_chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE http_idempotency (
    scope         TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    status        INTEGER NULL,
    content_type  TEXT NULL,
    body          TEXT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT http_idempotency_pk PRIMARY KEY (scope, idem_key)
);
