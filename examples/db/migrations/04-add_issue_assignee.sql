-- An additive change to an electrified table, the kind Electric accepts:
-- a new nullable column of a supported type, without DEFAULT or constraints, and an index on it.
ALTER TABLE issues ADD COLUMN assignee_id UUID;

CREATE INDEX issues_assignee_id_idx ON issues (assignee_id);
