-- Admin API: visitor tags, the tenant's webhook and its outbox; an index for the dashboard's message counts.
CREATE TABLE visitor_tags (
    tenant_id INTEGER NOT NULL,
    tag_id    INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    color     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, tag_id)
);

-- The secret is kept as given: signing needs it.
CREATE TABLE webhooks (
    tenant_id  INTEGER NOT NULL PRIMARY KEY,
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    updated_at BIGINT  NOT NULL
);

-- Events written in the transaction of the change they describe; delivered oldest first per tenant.
CREATE TABLE webhook_outbox (
    outbox_id {{IdentityPrimaryKey}},
    tenant_id       INTEGER NOT NULL,
    event_id        TEXT    NOT NULL UNIQUE,
    event_type      TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    delivered_at    BIGINT  NULL,
    failed_at       BIGINT  NULL,
    last_error      TEXT    NULL
);
CREATE INDEX ix_webhook_outbox_pending ON webhook_outbox (tenant_id, outbox_id) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX ix_webhook_outbox_done ON webhook_outbox (created_at) WHERE delivered_at IS NOT NULL OR failed_at IS NOT NULL;

CREATE INDEX ix_messages_created ON messages (tenant_id, created_at);
