-- +goose Up
-- Signed-in browsers of the web view. Only the SHA-256 of the cookie secret
-- is stored; a session goes with its organization and its API token.
CREATE TABLE web_sessions (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    token_id   TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    hash       BYTEA NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at);
CREATE INDEX web_sessions_token_id ON web_sessions (token_id);

-- +goose Down
DROP TABLE web_sessions;
