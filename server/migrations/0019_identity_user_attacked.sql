-- 0019: when failed logins on an account come from many addresses, the account is marked for the
-- security administrator (shown in the user list until it is unlocked), besides the audit event.
ALTER TABLE identity_user ADD COLUMN attacked_at BIGINT NULL;
