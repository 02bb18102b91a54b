CREATE TABLE IF NOT EXISTS comments (
  id UUID PRIMARY KEY NOT NULL,
  issue_id UUID NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
  author_id UUID NOT NULL,
  body TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX comments_issue_id_idx ON comments (issue_id);

ALTER TABLE comments ENABLE ELECTRIC;
