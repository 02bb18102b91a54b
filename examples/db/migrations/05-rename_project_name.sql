-- Rename projects.name to title by copying it into a new column and dropping the old one.
-- Fine in plain Postgres, but Electric only accepts additive migrations on electrified tables:
-- its migrations proxy rejects the DROP COLUMN below (clients still hold rows with that column).
ALTER TABLE projects ADD COLUMN title TEXT;

UPDATE projects SET title = name;

ALTER TABLE projects DROP COLUMN name;
