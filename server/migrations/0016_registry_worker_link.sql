-- 0016: an enterprise that registers a person already on the platform (workers move between
-- employers) proves it knows them (ID number and the registered name) and is linked to the
-- existing worker, which it may then see and contract; it never learns the worker's id from a
-- conflict, and an id alone no longer lets anyone attach a stranger's record (issue 11).
CREATE TABLE registry_worker_link (
    worker_id      TEXT NOT NULL,
    enterprise_id  TEXT NOT NULL,
    linked_at      BIGINT NOT NULL,
    CONSTRAINT registry_worker_link_pk PRIMARY KEY (worker_id, enterprise_id),
    CONSTRAINT registry_worker_link_worker_fk FOREIGN KEY (worker_id) REFERENCES registry_worker (id)
);
CREATE INDEX registry_worker_link_enterprise_idx ON registry_worker_link (enterprise_id);
