-- Indexes for the dashboard's region figures (dashboard module, read through each owner's *_stats):
-- "workers on site today" reads one day across projects; wages paid per month read settled lines;
-- warnings raised per month read one region's history by date. Each one replaces a full scan.
CREATE INDEX registry_attendance_day_date_idx ON registry_attendance_day (work_date, project_id);
CREATE INDEX wages_pay_batch_line_settled_idx ON wages_pay_batch_line (status, settled_on);
CREATE INDEX warnings_warning_raised_idx ON warnings_warning (region_code, raised_on);
