-- Custom migration (drizzle-kit generate --custom): extensions the schema relies on.
-- pg_trgm backs typo-tolerant search; it is a trusted extension, so a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
