-- What the analysis of a public consultation found: campaigns (near-duplicate comments) and
-- themes. Each run is kept with its parameters; the latest finished run of a kind is the
-- current view. A comment is never changed or removed by a run: runs only add rows here.
CREATE TABLE analysis_run (
  id BIGINT PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  kind TEXT NOT NULL CHECK (kind IN ('campaigns', 'themes')),
  params TEXT NOT NULL,
  comments BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  run_by BIGINT NOT NULL REFERENCES person (id)
);
CREATE INDEX analysis_run_by_consultation ON analysis_run (consultation, kind);
INSERT INTO counters (name, value) VALUES ('analysis_run', 0);

-- A campaign: comments that say the same thing, sent many times with small edits.
CREATE TABLE campaign (
  id BIGINT PRIMARY KEY,
  run BIGINT NOT NULL REFERENCES analysis_run (id),
  position INTEGER NOT NULL,
  size BIGINT NOT NULL,
  representative BIGINT NOT NULL REFERENCES public_comment (id),
  first_seen BIGINT,
  last_seen BIGINT
);
CREATE INDEX campaign_by_run ON campaign (run, position);
INSERT INTO counters (name, value) VALUES ('campaign', 0);

-- One row per comment in a campaign of the run. How a member differs from the
-- representative is computed when it is shown (a page at a time), not stored for a million.
CREATE TABLE campaign_member (
  run BIGINT NOT NULL REFERENCES analysis_run (id),
  comment BIGINT NOT NULL REFERENCES public_comment (id),
  campaign BIGINT NOT NULL REFERENCES campaign (id),
  PRIMARY KEY (run, comment)
);
CREATE INDEX campaign_member_by_campaign ON campaign_member (campaign);

-- A theme of a run, overall (paragraph NULL) or of one paragraph's comments.
CREATE TABLE theme (
  id BIGINT PRIMARY KEY,
  run BIGINT NOT NULL REFERENCES analysis_run (id),
  paragraph BIGINT REFERENCES paragraph (id),
  position INTEGER NOT NULL,
  top_terms TEXT NOT NULL,
  unclassified INTEGER NOT NULL DEFAULT 0 CHECK (unclassified IN (0, 1))
);
CREATE INDEX theme_by_run ON theme (run, paragraph, position);
INSERT INTO counters (name, value) VALUES ('theme', 0);

-- Every comment's current theme in a run: one row per comment among the overall themes
-- (`per_paragraph` 0) and one among its paragraph's themes (1) when it is on a paragraph.
-- `representative` marks the comments a theme shows first. A drafter's move changes `theme`
-- here and is recorded, append-only, in theme_move.
CREATE TABLE theme_member (
  run BIGINT NOT NULL REFERENCES analysis_run (id),
  per_paragraph INTEGER NOT NULL CHECK (per_paragraph IN (0, 1)),
  comment BIGINT NOT NULL REFERENCES public_comment (id),
  theme BIGINT NOT NULL REFERENCES theme (id),
  representative INTEGER NOT NULL DEFAULT 0 CHECK (representative IN (0, 1)),
  PRIMARY KEY (run, per_paragraph, comment)
);
CREATE INDEX theme_member_by_theme ON theme_member (theme);

CREATE TABLE theme_move (
  id BIGINT PRIMARY KEY,
  comment BIGINT NOT NULL REFERENCES public_comment (id),
  from_theme BIGINT NOT NULL REFERENCES theme (id),
  to_theme BIGINT NOT NULL REFERENCES theme (id),
  moved_by BIGINT NOT NULL REFERENCES person (id),
  moved_at BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('theme_move', 0);

-- Comments disposed with an item group (a theme made into a group under a common view). A
-- comment belongs to at most one group.
CREATE TABLE group_comment (
  group_id BIGINT NOT NULL REFERENCES item_group (id),
  comment BIGINT NOT NULL UNIQUE REFERENCES public_comment (id),
  PRIMARY KEY (group_id, comment)
);
