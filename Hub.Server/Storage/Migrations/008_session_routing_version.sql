-- The version of the routing change a session row shows: a projection of an older change (published by
-- another node, a moment later) must not overwrite a newer one. Rows from before this are version 0.
ALTER TABLE sessions ADD COLUMN routing_version BIGINT NOT NULL DEFAULT 0;
