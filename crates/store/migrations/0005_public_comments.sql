-- Public (open) consultations: comments from anyone, kept one by one — duplicates included.
-- Campaign and theme assignments live in tables of their own (later migrations), so
-- re-running a detection never rewrites a comment.

-- One import of a file of comments (letters, other channels, another platform's export).
CREATE TABLE comment_import (
  id BIGINT PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  imported_by BIGINT NOT NULL REFERENCES person (id),
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  imported BIGINT NOT NULL DEFAULT 0,
  skipped BIGINT NOT NULL DEFAULT 0,
  rejected BIGINT NOT NULL DEFAULT 0
);
INSERT INTO counters (name, value) VALUES ('comment_import', 0);

-- A public comment. `source_id` is the source's own id (unique per consultation; comments
-- made on this platform get one too), `text_sha256` the digest of `text` so a re-import
-- can tell "same comment" from "same id, other text" without comparing texts.
-- `paragraph` is the paragraph commented on (NULL: general); `submitted_at` when the
-- source says it was written, `received_at` when it reached yijian.
CREATE TABLE public_comment (
  id BIGINT PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  source_id TEXT NOT NULL,
  text TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  author TEXT,
  region TEXT,
  paragraph BIGINT REFERENCES paragraph (id),
  submitted_at BIGINT,
  received_at BIGINT NOT NULL,
  channel TEXT NOT NULL,
  import_id BIGINT REFERENCES comment_import (id),
  UNIQUE (consultation, source_id)
);
CREATE INDEX public_comment_by_paragraph ON public_comment (consultation, paragraph);
CREATE INDEX public_comment_by_region ON public_comment (consultation, region);
CREATE INDEX public_comment_by_submitted ON public_comment (consultation, submitted_at);
INSERT INTO counters (name, value) VALUES ('public_comment', 0);
