-- 0014: failed logins counted per account AND source address, so a flood from one address locks
-- that address out of the account, never the owner at another address (issue 11). identity_user's
-- failed_logins/locked_until now only summarise for the console ("locked from some address").
CREATE TABLE identity_login_failure (
    user_id          TEXT NOT NULL,
    source           TEXT NOT NULL,
    failures         INTEGER NOT NULL,
    first_failed_at  BIGINT NOT NULL,
    last_failed_at   BIGINT NOT NULL,
    locked_until     BIGINT NULL,
    CONSTRAINT identity_login_failure_pk PRIMARY KEY (user_id, source),
    CONSTRAINT identity_login_failure_user_fk FOREIGN KEY (user_id) REFERENCES identity_user (id)
);
CREATE INDEX identity_login_failure_recent_idx ON identity_login_failure (user_id, last_failed_at);
