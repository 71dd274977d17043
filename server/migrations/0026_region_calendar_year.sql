-- 0026: working-day calendar years loaded by an administrator from the State Council's notice
-- (国务院办公厅关于 YYYY 年部分节假日安排的通知), applied over the embedded data at every start.
CREATE TABLE region_calendar_year (
    year           INTEGER PRIMARY KEY,
    holidays       TEXT NOT NULL,   -- JSON array of YYYY-MM-DD
    workdays       TEXT NOT NULL,   -- JSON array of YYYY-MM-DD (调休上班)
    source         TEXT NOT NULL,   -- the notice it was taken from
    loaded_by      TEXT NOT NULL,
    loaded_by_name TEXT NOT NULL,
    loaded_at      BIGINT NOT NULL
);
