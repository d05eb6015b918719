-- The search filters by paragraph and by region, newest first. Without these PostgreSQL
-- intersects the word index with every row of the consultation (a region filter took
-- 645 ms at p50 over 1M comments); with them it intersects two small bitmaps, or walks
-- one index in `doc` order when there are no words. On SQLite the word searches carry the
-- filters as FTS5 scope tokens; these serve the searches without words.
CREATE INDEX search_doc_by_region ON search_doc (consultation, region, doc);
CREATE INDEX search_doc_by_paragraph ON search_doc (consultation, paragraph, doc);
