-- 0022: 领导包案 — the leader who personally takes a case (a staff user whose scope covers it), and the
-- complainant's satisfaction recorded at the call-back after closing (回访).
ALTER TABLE cases_case ADD COLUMN leader_user_id TEXT NULL;
ALTER TABLE cases_case ADD COLUMN leader_name TEXT NULL;
ALTER TABLE cases_case ADD COLUMN satisfaction TEXT NULL;  -- satisfied | basic | unsatisfied (latest call-back)
CREATE INDEX cases_case_leader_idx ON cases_case (leader_user_id);
