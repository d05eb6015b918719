-- What each part of a version says, in the drafters' words, for the framework section of
-- the explanation. Append-only: the latest row for a (version, paragraph) is the current
-- summary. Numbered 0004 because main's 0003 is taken (workflow).
CREATE TABLE part_summary (
  id BIGINT PRIMARY KEY,
  version BIGINT NOT NULL REFERENCES version (id),
  paragraph BIGINT NOT NULL REFERENCES paragraph (id),
  summary TEXT NOT NULL,
  written_by BIGINT NOT NULL REFERENCES person (id),
  written_at BIGINT NOT NULL
);
CREATE INDEX part_summary_by_version ON part_summary (version);
INSERT INTO counters (name, value) VALUES ('part_summary', 0);
