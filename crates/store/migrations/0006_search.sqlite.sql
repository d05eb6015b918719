-- Full-text search over public comments and items (SQLite; 0006_search.postgres.sql is the
-- same on PostgreSQL). The index is derived from `public_comment` and `item` and can be
-- rebuilt from them at any time; it is not part of the record.
--
-- search_doc: one row per indexed text. `doc` is 2 × the comment's id, or 2 × the item's id
-- + 1, so a text keeps its number across rebuilds and newer texts have larger numbers.
-- `digest` (items only) is the SHA-256 of the text indexed, so an amended item is indexed
-- again. paragraph, region and submitted_at are copied for the filters.
CREATE TABLE search_doc (
  doc INTEGER PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  comment BIGINT REFERENCES public_comment (id),
  item BIGINT REFERENCES item (id),
  paragraph BIGINT,
  region TEXT,
  submitted_at BIGINT,
  digest TEXT,
  CHECK ((comment IS NULL) <> (item IS NULL))
);
CREATE INDEX search_doc_by_consultation ON search_doc (consultation, doc);

-- The FTS5 index, contentless (the texts stay in their tables; excerpts are made from them):
-- `words` holds the text's pieces as yijian-text cuts them (normalized: lower case, letters
-- and digits only), each prefixed with its consultation (c12x养老), joined by spaces — so the
-- `ascii` tokenizer, which only splits at ASCII separators, keeps each piece whole, and each
-- consultation has a vocabulary of its own; `scope` holds the filter tokens p<paragraph> and
-- r<hash of the region>, so those filters are intersections inside the index.
-- hashsize: the terms of a whole indexing batch are written as one segment (default 1 MB
-- would make several per batch, and more merging).
CREATE VIRTUAL TABLE search_fts USING fts5 (
  words, scope,
  content = '', contentless_delete = 1,
  tokenize = 'ascii'
);
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 67108864);

-- Finding the comments not yet indexed walks a consultation's comments by id.
CREATE INDEX public_comment_by_id ON public_comment (consultation, id);
