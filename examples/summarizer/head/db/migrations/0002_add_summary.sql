SET lock_timeout = '5s';
ALTER TABLE reports ADD COLUMN summary text;

-- gate:verify
SELECT count(*) = 0 FROM reports WHERE summary IS NOT NULL;
