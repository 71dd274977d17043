-- 0030: pre-contract credit queries (合同签订前查询, issue 15 §5). Every query is kept with its number,
-- who asked, when, and what it showed (a snapshot: the record is what was printed that day, even
-- after the list or the cases change). Audited as a read.
CREATE TABLE credit_query (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL,               -- 信查〔2026〕000123
    enterprise_id   TEXT NOT NULL,
    asked_by        TEXT NOT NULL,               -- user id
    asked_by_name   TEXT NOT NULL,
    asked_by_unit   TEXT NOT NULL,               -- region, enterprise or bank of the asker (who may read it again)
    asked_at        BIGINT NOT NULL,
    result          TEXT NOT NULL,               -- JSON snapshot of the record
    CONSTRAINT credit_query_number_unique UNIQUE (number),
    CONSTRAINT credit_query_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES registry_enterprise (id)
);
CREATE INDEX credit_query_asked_idx ON credit_query (asked_by_unit, asked_at);
