-- 0004: per-region parameters (deadlines, ratios, thresholds, minimum wage, hotlines). A value set
-- for a region applies to every region below it unless set again there; absent everywhere, the
-- catalog default in code applies (region/parameters.cpp).
CREATE TABLE region_parameter (
    region_code  TEXT NOT NULL,
    param_key    TEXT NOT NULL,
    value        TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    updated_by   TEXT NOT NULL,
    CONSTRAINT region_parameter_pk PRIMARY KEY (region_code, param_key)
);
