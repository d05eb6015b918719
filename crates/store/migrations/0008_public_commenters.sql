-- Public commenters (issue 7): members of the public who register with an e-mail address or
-- a mobile number, verify it with a code, and comment on open consultations. Portable SQL as
-- in 0001: TEXT, BIGINT and INTEGER only; instants BIGINT ms; ids from the counters table.
-- Neither a code nor a session token is stored in clear: only their SHA-256.

INSERT INTO counters (name, value) VALUES ('commenter', 0);
INSERT INTO counters (name, value) VALUES ('verification_code', 0);
INSERT INTO counters (name, value) VALUES ('outbox', 0);

-- `address` is normalised (e-mail lower-cased; a mobile number as its 11 digits).
CREATE TABLE public_commenter (
  id BIGINT PRIMARY KEY,
  address_kind TEXT NOT NULL CHECK (address_kind IN ('email', 'sms')),
  address TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  region TEXT,
  created_at BIGINT NOT NULL,
  verified_at BIGINT
);

-- A code sent to a commenter: 15 minutes, five wrong entries, used once.
CREATE TABLE verification_code (
  id BIGINT PRIMARY KEY,
  commenter BIGINT NOT NULL REFERENCES public_commenter (id),
  code_hash TEXT NOT NULL,
  request_address TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at BIGINT
);
CREATE INDEX verification_code_by_commenter ON verification_code (commenter, created_at);
CREATE INDEX verification_code_by_request ON verification_code (request_address, created_at);

-- A commenter's session, known by the SHA-256 of its token (like login_session).
CREATE TABLE commenter_session (
  token_hash TEXT PRIMARY KEY,
  commenter BIGINT NOT NULL REFERENCES public_commenter (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX commenter_session_by_commenter ON commenter_session (commenter);

-- Messages to send (transactional outbox): written in the transaction that needs them,
-- delivered afterwards; a failed send stays pending with its error and is tried again.
CREATE TABLE outbox (
  id BIGINT PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at BIGINT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

-- Where a web comment came from: its commenter and the request's network address (the
-- per-commenter and per-address rate limits count these rows).
CREATE TABLE web_comment (
  comment BIGINT PRIMARY KEY REFERENCES public_comment (id),
  commenter BIGINT NOT NULL REFERENCES public_commenter (id),
  request_address TEXT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX web_comment_by_commenter ON web_comment (commenter, received_at);
CREATE INDEX web_comment_by_address ON web_comment (request_address, received_at);
