-- Visitor-started ratings can be switched off (visitorRatingEnabled): then only a session whose visitor was asked
-- to rate (InviteRating, or ratingOnClose) takes a rating.
ALTER TABLE sessions ADD COLUMN rating_invited BOOLEAN NOT NULL DEFAULT FALSE;

-- Every agent who served a session (history's agentUserSet, isAgent), not only the last one.
CREATE TABLE session_agents (
    tenant_id          INTEGER NOT NULL,
    service_session_id TEXT    NOT NULL,
    agent_user_id      TEXT    NOT NULL,
    first_assigned_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, service_session_id, agent_user_id)
);
CREATE INDEX ix_session_agents_agent ON session_agents (tenant_id, agent_user_id);
INSERT INTO session_agents (tenant_id, service_session_id, agent_user_id, first_assigned_at)
SELECT tenant_id, service_session_id, agent_user_id, COALESCE(started_at, created_at) FROM sessions WHERE agent_user_id IS NOT NULL;

-- Custom roles (migration 006 made the table): a description and their times, as Easemob's roles call shows them.
ALTER TABLE roles ADD COLUMN description TEXT   NULL;
ALTER TABLE roles ADD COLUMN created_at  BIGINT NOT NULL DEFAULT 0;
ALTER TABLE roles ADD COLUMN updated_at  BIGINT NOT NULL DEFAULT 0;
CREATE INDEX ix_agents_custom_role ON agents (tenant_id, custom_role_id) WHERE custom_role_id IS NOT NULL;
CREATE UNIQUE INDEX ux_roles_name ON roles (tenant_id, LOWER(name));

-- Robot reception: a session with the robot (state 4) is open too, so a visitor still has at most one open session.
DROP INDEX ux_sessions_open_by_visitor;
CREATE UNIQUE INDEX ux_sessions_open_by_visitor ON sessions (tenant_id, visitor_id) WHERE state IN (0, 1, 4);
