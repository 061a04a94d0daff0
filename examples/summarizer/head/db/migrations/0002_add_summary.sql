SET lock_timeout = '5s';
ALTER TABLE reports ADD COLUMN summary text;
-- Blocks writes to reports while it builds: an expand-only column alone would be fast-tracked, this needs a DBA.
CREATE INDEX reports_summary_idx ON reports (summary);

-- gate:verify
SELECT count(*) = 0 FROM reports WHERE summary IS NOT NULL;
