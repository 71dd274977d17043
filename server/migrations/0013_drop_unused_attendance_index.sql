-- No query reads registry_attendance_day by worker alone (payroll drafts, owed amounts and the
-- calendar all start from the project: the primary key's prefix), so its worker index only cost a
-- B-tree write per day row on the ingest path.
DROP INDEX registry_attendance_day_worker_idx;
