SET lock_timeout = '5s';
CREATE TABLE reports (
    id bigserial PRIMARY KEY,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
