-- The token lists now also hold each pair of neighbouring pieces as one lexeme ('a b'), and
-- phrase queries ask for those pairs (see `tsvector_literal` in src/search.rs). Entries made
-- before lack the pairs and would no longer match phrases, so the index is emptied; it is
-- derived from the comments and items, and `yijian index` (or the search pages, a batch at
-- a time) builds it again.
DELETE FROM search_doc;
