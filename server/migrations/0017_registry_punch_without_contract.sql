-- 0017: a punch from a device for a registered worker with no contract on the project is evidence of
-- a REG 28 breach: it is stored and flagged (and RN-01 fires on the day), not refused and lost.
ALTER TABLE registry_punch ADD COLUMN without_contract INTEGER NOT NULL DEFAULT 0;
