-- Full-text search over public comments and items (PostgreSQL; 0006_search.sqlite.sql is the
-- same on SQLite). The index is derived from `public_comment` and `item` and can be rebuilt
-- from them at any time; it is not part of the record.
--
-- search_doc: one row per indexed text. `doc` is 2 × the comment's id, or 2 × the item's id
-- + 1, so a text keeps its number across rebuilds and newer texts have larger numbers.
-- `digest` (items only) is the SHA-256 of the text indexed, so an amended item is indexed
-- again. paragraph, region and submitted_at are copied for the filters.
-- `tokens` is the text's pieces as yijian-text cuts them, with positions, written from a
-- literal built in Rust (`$n::tsvector`), so neither the text-search parser nor the
-- database's locale is involved. It is never selected: sqlx's Any driver cannot decode it.
CREATE TABLE search_doc (
  doc BIGINT PRIMARY KEY,
  consultation BIGINT NOT NULL REFERENCES consultation (id),
  comment BIGINT REFERENCES public_comment (id),
  item BIGINT REFERENCES item (id),
  paragraph BIGINT,
  region TEXT,
  submitted_at BIGINT,
  digest TEXT,
  tokens tsvector NOT NULL,
  CHECK ((comment IS NULL) <> (item IS NULL))
);
CREATE INDEX search_doc_by_consultation ON search_doc (consultation, doc);
CREATE INDEX search_doc_tokens ON search_doc USING gin (tokens);

-- Finding the comments not yet indexed walks a consultation's comments by id.
CREATE INDEX public_comment_by_id ON public_comment (consultation, id);
