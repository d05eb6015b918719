-- Analysis work shared out: an item assigned to a drafting-group member. Append-only: the
-- latest row for an item is its current assignment (nothing is overwritten).
INSERT INTO counters (name, value) VALUES ('assignment', 0);

CREATE TABLE item_assignment (
  id BIGINT PRIMARY KEY,
  item BIGINT NOT NULL REFERENCES item (id),
  assignee BIGINT NOT NULL REFERENCES person (id),
  assigned_by BIGINT NOT NULL REFERENCES person (id),
  assigned_at BIGINT NOT NULL
);
CREATE INDEX item_assignment_by_item ON item_assignment (item);

-- When a recipient first opened the draft under consultation (NULL: not yet). Set once.
ALTER TABLE scope_member ADD COLUMN opened_at BIGINT;

-- A dossier's handling of the items published to the consultees (they then see what became
-- of each of their items). Once only.
CREATE TABLE handling_publication (
  dossier BIGINT PRIMARY KEY REFERENCES dossier (id),
  published_at BIGINT NOT NULL,
  published_by BIGINT NOT NULL REFERENCES person (id)
);

-- Invitation links for consultees to set their password: single use, with an expiry. Known
-- by the SHA-256 of the token only, like sessions. Used ones stay (used_at set).
CREATE TABLE invitation (
  token_hash TEXT PRIMARY KEY,
  account BIGINT NOT NULL REFERENCES account (id),
  created_by BIGINT NOT NULL REFERENCES person (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
