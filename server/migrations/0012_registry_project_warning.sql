-- 0012: each project carries a summary of its open warnings (highest level and count) so the project
-- list can filter and show them without reading the warnings module's tables (warnings depends on
-- registry, not the reverse). Derived data: the warnings engine and the warning lifecycle rewrite it
-- in the transaction that changes the warnings (ProjectService::StoreOpenWarnings). "Open" is the
-- dashboard's active set: open, acknowledged, handling, escalated.
ALTER TABLE registry_project ADD COLUMN open_warning_level TEXT NULL
    CONSTRAINT registry_project_open_level_check CHECK (open_warning_level IN ('red', 'yellow', 'blue'));
ALTER TABLE registry_project ADD COLUMN open_warnings INTEGER NOT NULL DEFAULT 0;
CREATE INDEX registry_project_open_warning_idx ON registry_project (open_warning_level, region_code);

-- Warnings raised before this migration: the summary starts right instead of at the next evaluation.
UPDATE registry_project SET
    open_warnings = (SELECT COUNT(*) FROM warnings_warning w WHERE w.project_id = registry_project.id
                     AND w.status IN ('open', 'acknowledged', 'handling', 'escalated')),
    open_warning_level = (SELECT CASE MAX(CASE w.level WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END)
                                 WHEN 3 THEN 'red' WHEN 2 THEN 'yellow' WHEN 1 THEN 'blue' END
                          FROM warnings_warning w WHERE w.project_id = registry_project.id
                          AND w.status IN ('open', 'acknowledged', 'handling', 'escalated'));
