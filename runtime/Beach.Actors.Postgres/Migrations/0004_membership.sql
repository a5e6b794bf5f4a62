-- Cluster membership, not tenant-owned. membership_version holds each cluster's table version: every change to a
-- cluster's rows moves it from n-1 to n in the same transaction, the compare-and-swap that orders membership changes.
CREATE TABLE membership_version (
    cluster_id text   PRIMARY KEY,
    version    bigint NOT NULL
);

-- One row per silo incarnation. etag counts the row's own updates; suspicions is a JSON array of
-- {"voter": "host:port@generation", "at": "<ISO 8601 UTC>"}, oldest first.
CREATE TABLE membership (
    cluster_id   text        NOT NULL REFERENCES membership_version (cluster_id),
    host         text        NOT NULL,
    port         integer     NOT NULL,
    generation   bigint      NOT NULL,
    status       text        NOT NULL CHECK (status IN ('Joining', 'Active', 'ShuttingDown', 'Dead')),
    name         text        NOT NULL,
    gateway_port integer     NOT NULL,
    started_at   timestamptz NOT NULL,
    iamalive_at  timestamptz NOT NULL,
    suspicions   jsonb       NOT NULL,
    etag         bigint      NOT NULL,
    PRIMARY KEY (cluster_id, host, port, generation)
);
