-- Times are unix milliseconds (BIGINT); lists the row owns are JSON arrays; settings and time plan are JSON documents.
CREATE TABLE tenants (
    tenant_id      INTEGER NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL,
    client_id      TEXT    NOT NULL UNIQUE,
    secret_hash    TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    settings_json  TEXT    NULL,
    time_plan_json TEXT    NULL
);

-- Next queue and summary ids per tenant; ids are never reused after a delete.
CREATE TABLE tenant_counters (
    tenant_id  INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    last_value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE agents (
    tenant_id                 INTEGER NOT NULL,
    user_id                   TEXT    NOT NULL,
    username                  TEXT    NOT NULL,
    -- Upper-cased invariantly by the store, so that uniqueness ignores case the same way in every database.
    normalized_username       TEXT    NOT NULL,
    password_hash             TEXT    NOT NULL,
    nicename                  TEXT    NOT NULL,
    true_name                 TEXT    NULL,
    mobile_phone              TEXT    NULL,
    agent_number              TEXT    NULL,
    roles                     TEXT    NOT NULL,
    max_service_session_count INTEGER NOT NULL,
    enabled                   BOOLEAN NOT NULL,
    created_at                BIGINT  NOT NULL,
    updated_at                BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    UNIQUE (tenant_id, normalized_username)
);

CREATE TABLE queues (
    tenant_id  INTEGER NOT NULL,
    queue_id   INTEGER NOT NULL,
    queue_name TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, queue_id)
);

CREATE TABLE queue_members (
    tenant_id     INTEGER NOT NULL,
    queue_id      INTEGER NOT NULL,
    agent_user_id TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, agent_user_id),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES queues (tenant_id, queue_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_user_id) REFERENCES agents (tenant_id, user_id) ON DELETE CASCADE
);
CREATE INDEX ix_queue_members_agent ON queue_members (tenant_id, agent_user_id);

CREATE TABLE visitors (
    tenant_id  INTEGER NOT NULL,
    visitor_id TEXT    NOT NULL,
    nickname   TEXT    NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, visitor_id)
);

CREATE TABLE access_tokens (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    tenant_id  INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    subject_id TEXT    NOT NULL,
    expires_at BIGINT  NULL
);
CREATE INDEX ix_access_tokens_subject ON access_tokens (tenant_id, kind, subject_id);
CREATE INDEX ix_access_tokens_expires ON access_tokens (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE sessions (
    tenant_id               INTEGER NOT NULL,
    service_session_id      TEXT    NOT NULL,
    visitor_id              TEXT    NOT NULL,
    state                   INTEGER NOT NULL,
    queue_id                INTEGER NULL,
    agent_user_id           TEXT    NULL,
    specified_agent_user_id TEXT    NULL,
    origin_type             TEXT    NOT NULL,
    created_at              BIGINT  NOT NULL,
    started_at              BIGINT  NULL,
    stopped_at              BIGINT  NULL,
    transferred             BOOLEAN NOT NULL,
    end_reason              TEXT    NULL,
    summary_ids             TEXT    NOT NULL,
    comment                 TEXT    NULL,
    enquiry_summary         INTEGER NULL,
    enquiry_detail          TEXT    NULL,
    enquiry_tags            TEXT    NOT NULL,
    last_seq                BIGINT  NOT NULL,
    agent_last_message_at   BIGINT  NULL,
    PRIMARY KEY (tenant_id, service_session_id)
);
-- State 0 = Wait, 1 = Processing (KefuHub.Routing.SessionState).
CREATE INDEX ix_sessions_open_by_visitor ON sessions (tenant_id, visitor_id) WHERE state IN (0, 1);
CREATE INDEX ix_sessions_open ON sessions (state) WHERE state IN (0, 1);
CREATE INDEX ix_sessions_agent_state ON sessions (tenant_id, agent_user_id, state);
CREATE INDEX ix_sessions_created ON sessions (tenant_id, created_at);
CREATE INDEX ix_sessions_started ON sessions (tenant_id, started_at);
CREATE INDEX ix_sessions_stopped ON sessions (tenant_id, stopped_at);

CREATE TABLE messages (
    tenant_id          INTEGER NOT NULL,
    service_session_id TEXT    NOT NULL,
    seq                BIGINT  NOT NULL,
    message_id         TEXT    NOT NULL,
    client_message_id  TEXT    NULL,
    sender             INTEGER NOT NULL,
    sender_id          TEXT    NULL,
    type               TEXT    NOT NULL,
    text               TEXT    NULL,
    url                TEXT    NULL,
    ext                TEXT    NULL,
    created_at         BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, service_session_id, seq),
    UNIQUE (tenant_id, service_session_id, client_message_id),
    FOREIGN KEY (tenant_id, service_session_id) REFERENCES sessions (tenant_id, service_session_id)
);

CREATE TABLE leave_messages (
    leave_message_id {{IdentityPrimaryKey}},
    tenant_id        INTEGER NOT NULL,
    visitor_id       TEXT    NULL,
    name             TEXT    NULL,
    phone            TEXT    NULL,
    email            TEXT    NULL,
    content          TEXT    NOT NULL,
    queue_id         INTEGER NULL,
    status           INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX ix_leave_messages_created ON leave_messages (tenant_id, created_at);
CREATE INDEX ix_leave_messages_status ON leave_messages (tenant_id, status, created_at);

CREATE TABLE summaries (
    tenant_id  INTEGER NOT NULL,
    summary_id INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    color      INTEGER NOT NULL,
    parent_id  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, summary_id)
);
