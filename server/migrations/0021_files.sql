-- 0021: the file store's index (files module). The bytes live under the configured directory,
-- named by id; this row says what they are, who may read them and their SHA-256 (checked on read).
CREATE TABLE files_file (
    id               TEXT PRIMARY KEY,
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,                 -- sniffed from the bytes, not taken from the client
    size_bytes       BIGINT NOT NULL,
    sha256           TEXT NOT NULL,
    purpose          TEXT NOT NULL,                 -- case_attachment | account_agreement | notice_photo | deposit_instrument | other
    personal         INTEGER NOT NULL DEFAULT 0,    -- 1: only roles that may see personal data download it
    region_code      TEXT NOT NULL,                 -- the project's region, else the uploader's scope
    enterprise_id    TEXT NOT NULL DEFAULT '',      -- an enterprise user's upload
    project_id       TEXT NULL,
    uploaded_by      TEXT NOT NULL,
    uploaded_by_name TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX files_file_project_idx ON files_file (project_id);
