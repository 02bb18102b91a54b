-- Issues belong to a project. The foreign key points at an electrified table, so shapes can follow it.
CREATE TABLE IF NOT EXISTS issues (
  id UUID PRIMARY KEY NOT NULL,
  project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX issues_project_id_idx ON issues (project_id);

ALTER TABLE issues ENABLE ELECTRIC;
