-- Uploaded files (POST /api/tenants/{t}/files). BYTEA is PostgreSQL's binary type; SQLite stores a
-- blob as given in a column of that declared type. data is NULL when Kefu:Files:Directory holds the bytes.
CREATE TABLE files (
    tenant_id     INTEGER NOT NULL,
    file_id       TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          BIGINT  NOT NULL,
    uploader_kind INTEGER NOT NULL,
    uploader_id   TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    data          BYTEA   NULL,
    PRIMARY KEY (tenant_id, file_id)
);
