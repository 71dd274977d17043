-- 0018: the second factor (TOTP, RFC 6238) and its one-time recovery codes (issue 11, 等保 2.0 level 3).
-- The secret is sealed with the data key; recovery codes are kept as SHA-256 digests only.
CREATE TABLE identity_totp (
    user_id     TEXT PRIMARY KEY,
    secret_enc  TEXT NOT NULL,
    enabled_at  BIGINT NULL,          -- NULL: enrolment started, not yet confirmed with a code
    last_step   BIGINT NOT NULL DEFAULT 0,  -- the last 30-second step accepted: a code is never accepted twice
    created_at  BIGINT NOT NULL,
    CONSTRAINT identity_totp_user_fk FOREIGN KEY (user_id) REFERENCES identity_user (id)
);

CREATE TABLE identity_recovery_code (
    user_id    TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    used_at    BIGINT NULL,
    CONSTRAINT identity_recovery_code_pk PRIMARY KEY (user_id, code_hash),
    CONSTRAINT identity_recovery_code_user_fk FOREIGN KEY (user_id) REFERENCES identity_user (id)
);
