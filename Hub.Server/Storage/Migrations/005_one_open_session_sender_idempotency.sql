-- A visitor has at most one open session (rule 9), enforced by the database, not only by routing.
-- Rows that already break it keep the newest open session; older ones end as Abort (3).
UPDATE sessions SET state = 3, end_reason = 'Duplicate', stopped_at = COALESCE(stopped_at, created_at)
WHERE state IN (0, 1) AND EXISTS (
    SELECT 1 FROM sessions AS newer
    WHERE newer.tenant_id = sessions.tenant_id AND newer.visitor_id = sessions.visitor_id AND newer.state IN (0, 1)
      AND (newer.created_at > sessions.created_at OR (newer.created_at = sessions.created_at AND newer.service_session_id > sessions.service_session_id)));
DROP INDEX ix_sessions_open_by_visitor;
CREATE UNIQUE INDEX ux_sessions_open_by_visitor ON sessions (tenant_id, visitor_id) WHERE state IN (0, 1);

-- A client message id is the sender's: a visitor's "msg-1" and the agent's "msg-1" are two messages.
-- SQLite cannot drop a table's UNIQUE constraint, so the table is rebuilt (the same script runs on PostgreSQL).
CREATE TABLE messages_by_sender (
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
    UNIQUE (tenant_id, service_session_id, sender, client_message_id),
    FOREIGN KEY (tenant_id, service_session_id) REFERENCES sessions (tenant_id, service_session_id)
);
INSERT INTO messages_by_sender (tenant_id, service_session_id, seq, message_id, client_message_id, sender, sender_id, type, text, url, ext, created_at)
SELECT tenant_id, service_session_id, seq, message_id, client_message_id, sender, sender_id, type, text, url, ext, created_at FROM messages;
DROP TABLE messages;
ALTER TABLE messages_by_sender RENAME TO messages;
CREATE INDEX ix_messages_created ON messages (tenant_id, created_at);
