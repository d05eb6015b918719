-- Accounts (a login for a person) and server-side sessions. Portable SQL as in 0001: only
-- TEXT, BIGINT and INTEGER; instants are BIGINT milliseconds; ids from the counters table.

INSERT INTO counters (name, value) VALUES ('account', 0);

-- One account per person. The username is stored normalised (trimmed, lower-cased); the
-- password as an Argon2id PHC string, NULL until one is set.
CREATE TABLE account (
  id BIGINT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  person BIGINT NOT NULL UNIQUE REFERENCES person (id),
  password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at BIGINT NOT NULL
);

-- A session is known by the SHA-256 of its token only, so a copy of this table lets nobody
-- in. Ended sessions stay (ended_at set): nothing is deleted.
CREATE TABLE login_session (
  token_hash TEXT PRIMARY KEY,
  account BIGINT NOT NULL REFERENCES account (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX login_session_by_account ON login_session (account);
