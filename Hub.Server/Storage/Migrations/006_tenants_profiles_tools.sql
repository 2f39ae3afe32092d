-- Issue 14: tenants an operator can disable, visitor profiles and identities, agents' tools, custom roles.

-- A disabled tenant's tokens stop working (the token lookup joins this flag).
ALTER TABLE tenants ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT TRUE;

-- Visitor profile; user_id is the business's own id of a signed-in customer (identity across devices).
ALTER TABLE visitors ADD COLUMN user_id       TEXT   NULL;
ALTER TABLE visitors ADD COLUMN true_name     TEXT   NULL;
ALTER TABLE visitors ADD COLUMN phone         TEXT   NULL;
ALTER TABLE visitors ADD COLUMN email         TEXT   NULL;
ALTER TABLE visitors ADD COLUMN company       TEXT   NULL;
ALTER TABLE visitors ADD COLUMN description   TEXT   NULL;
ALTER TABLE visitors ADD COLUMN custom_fields TEXT   NULL;
ALTER TABLE visitors ADD COLUMN tag_ids       TEXT   NOT NULL DEFAULT '[]';
ALTER TABLE visitors ADD COLUMN source_page   TEXT   NULL;
ALTER TABLE visitors ADD COLUMN referrer      TEXT   NULL;
ALTER TABLE visitors ADD COLUMN user_agent    TEXT   NULL;
ALTER TABLE visitors ADD COLUMN last_seen_at  BIGINT NULL;
CREATE UNIQUE INDEX ux_visitors_user_id ON visitors (tenant_id, user_id) WHERE user_id IS NOT NULL;

-- An agent's own profile picture, and a custom role (roles.role_id) instead of the two system roles.
ALTER TABLE agents ADD COLUMN avatar_url     TEXT    NULL;
ALTER TABLE agents ADD COLUMN custom_role_id INTEGER NULL;

-- Custom roles: named permission sets (a JSON array of permission names). Ids from tenant_counters, after the system roles.
CREATE TABLE roles (
    tenant_id   INTEGER NOT NULL,
    role_id     INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    permissions TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, role_id)
);

-- Quick replies: tenant-wide (owner_user_id NULL) or an agent's own.
CREATE TABLE quick_replies (
    tenant_id      INTEGER NOT NULL,
    quick_reply_id INTEGER NOT NULL,
    owner_user_id  TEXT    NULL,
    group_name     TEXT    NOT NULL,
    text           TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, quick_reply_id)
);
CREATE INDEX ix_quick_replies_owner ON quick_replies (tenant_id, owner_user_id);

-- Leave messages handled by agents: an assignee and comments.
ALTER TABLE leave_messages ADD COLUMN assignee_user_id TEXT NULL;
CREATE TABLE leave_message_comments (
    comment_id       {{IdentityPrimaryKey}},
    tenant_id        INTEGER NOT NULL,
    leave_message_id BIGINT  NOT NULL,
    author           TEXT    NOT NULL,
    text             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX ix_leave_message_comments ON leave_message_comments (tenant_id, leave_message_id, comment_id);
