-- The drafting record. Portable SQL for SQLite and PostgreSQL alike: only TEXT, BIGINT and
-- INTEGER columns (flags are INTEGER 0/1, instants are BIGINT milliseconds since the epoch,
-- dates are TEXT YYYY-MM-DD); ids come from the counters table, not from AUTOINCREMENT.

CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO counters (name, value) VALUES
  ('dossier', 0), ('body', 0), ('person', 0), ('version', 0), ('paragraph', 0),
  ('consultation', 0), ('response', 0), ('item', 0), ('hearing', 0), ('group', 0),
  ('disposition', 0), ('modification', 0), ('meeting', 0), ('submission', 0);

CREATE TABLE body (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  category TEXT
);

CREATE TABLE person (
  id BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  body BIGINT REFERENCES body (id)
);

CREATE TABLE dossier (
  id BIGINT PRIMARY KEY,
  title TEXT NOT NULL,
  purpose TEXT NOT NULL,
  requirements TEXT NOT NULL,
  topic_decided_on TEXT,
  leading_body BIGINT REFERENCES body (id),
  drafting_group BIGINT REFERENCES body (id),
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- dossier 0 holds global roles (administrator, auditor).
CREATE TABLE role_assignment (
  dossier BIGINT NOT NULL,
  person BIGINT NOT NULL REFERENCES person (id),
  role TEXT NOT NULL,
  PRIMARY KEY (dossier, person, role)
);

CREATE TABLE version (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  label TEXT NOT NULL,
  parent BIGINT REFERENCES version (id),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES person (id),
  released_at BIGINT,
  released_by BIGINT REFERENCES person (id),
  content_digest TEXT NOT NULL
);

CREATE TABLE paragraph (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  first_version BIGINT NOT NULL REFERENCES version (id)
);

CREATE TABLE block (
  version BIGINT NOT NULL REFERENCES version (id),
  position INTEGER NOT NULL,
  paragraph BIGINT NOT NULL REFERENCES paragraph (id),
  kind TEXT NOT NULL,
  level INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (version, position),
  UNIQUE (version, paragraph)
);

CREATE TABLE consultation (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  version BIGINT REFERENCES version (id),
  question TEXT,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES person (id)
);

-- The scope: one row per invited body or person, with the number of its copy of the draft.
CREATE TABLE scope_member (
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  body BIGINT REFERENCES body (id),
  person BIGINT REFERENCES person (id),
  copy_no INTEGER NOT NULL,
  CHECK ((body IS NULL) <> (person IS NULL)),
  UNIQUE (consultation, copy_no),
  UNIQUE (consultation, body),
  UNIQUE (consultation, person)
);

CREATE TABLE response (
  id BIGINT PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  body BIGINT REFERENCES body (id),
  person BIGINT REFERENCES person (id),
  status TEXT NOT NULL,
  submitted_at BIGINT,
  submitted_by BIGINT REFERENCES person (id),
  amendments INTEGER NOT NULL DEFAULT 0,
  CHECK ((body IS NULL) <> (person IS NULL)),
  UNIQUE (consultation, body),
  UNIQUE (consultation, person)
);

CREATE TABLE hearing (
  id BIGINT PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,
  minutes TEXT NOT NULL
);

CREATE TABLE submission (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  plenary BIGINT NOT NULL REFERENCES body (id),
  version BIGINT NOT NULL REFERENCES version (id),
  submitted_on TEXT NOT NULL,
  adopted_version BIGINT REFERENCES version (id),
  adopted_on TEXT
);

CREATE TABLE item (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  source TEXT NOT NULL,
  response BIGINT REFERENCES response (id),
  hearing BIGINT REFERENCES hearing (id),
  submission BIGINT REFERENCES submission (id),
  body BIGINT REFERENCES body (id),
  author BIGINT REFERENCES person (id),
  speaker TEXT,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  paragraph BIGINT REFERENCES paragraph (id),
  version BIGINT REFERENCES version (id),
  span_start INTEGER,
  span_end INTEGER,
  created_at BIGINT NOT NULL,
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
);
CREATE INDEX item_by_response ON item (response);
CREATE INDEX item_by_paragraph ON item (paragraph);

-- Earlier texts of amended items: nothing submitted is lost.
CREATE TABLE item_revision (
  item BIGINT NOT NULL REFERENCES item (id),
  revision INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  replaced_at BIGINT NOT NULL,
  replaced_by BIGINT NOT NULL REFERENCES person (id),
  PRIMARY KEY (item, revision)
);

CREATE TABLE item_group (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  common_view TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES person (id),
  created_at BIGINT NOT NULL
);

CREATE TABLE group_member (
  group_id BIGINT NOT NULL REFERENCES item_group (id),
  item BIGINT NOT NULL UNIQUE REFERENCES item (id),
  PRIMARY KEY (group_id, item)
);

-- Append-only: the latest row for an item or a group is its current disposition.
CREATE TABLE disposition (
  id BIGINT PRIMARY KEY,
  item BIGINT REFERENCES item (id),
  group_id BIGINT REFERENCES item_group (id),
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by BIGINT NOT NULL REFERENCES person (id),
  decided_at BIGINT NOT NULL,
  CHECK ((item IS NULL) <> (group_id IS NULL))
);
CREATE INDEX disposition_by_item ON disposition (item);
CREATE INDEX disposition_by_group ON disposition (group_id);

CREATE TABLE modification (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  from_version BIGINT NOT NULL REFERENCES version (id),
  to_version BIGINT NOT NULL REFERENCES version (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  old_paragraph BIGINT REFERENCES paragraph (id),
  new_paragraph BIGINT REFERENCES paragraph (id),
  old_text TEXT NOT NULL,
  new_text TEXT NOT NULL,
  part TEXT,
  UNIQUE (from_version, to_version, seq)
);

CREATE TABLE modification_item (
  modification BIGINT NOT NULL REFERENCES modification (id),
  item BIGINT NOT NULL REFERENCES item (id),
  PRIMARY KEY (modification, item)
);

CREATE TABLE meeting (
  id BIGINT PRIMARY KEY,
  dossier BIGINT NOT NULL REFERENCES dossier (id),
  body BIGINT NOT NULL REFERENCES body (id),
  held_on TEXT NOT NULL,
  version BIGINT NOT NULL REFERENCES version (id),
  decision TEXT NOT NULL,
  minutes TEXT NOT NULL
);

-- The hash-chained audit trail (see yijian_core::audit). audit_head is a one-row table whose
-- row lock serialises appends on both databases, so the chain never forks.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  digest TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log (subject);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
