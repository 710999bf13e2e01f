-- Custom migration: btree_gin lets a GIN index lead with workspace_id (tenant isolation, principle 4)
-- before the trigram and full-text columns of search. A trusted extension, like pg_trgm.
CREATE EXTENSION IF NOT EXISTS btree_gin;
