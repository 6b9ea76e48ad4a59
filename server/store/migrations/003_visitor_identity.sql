-- Identity from Parley('identify'): the site's own id for the visitor, and the page they are on.
ALTER TABLE visitors ADD COLUMN external_id TEXT;
ALTER TABLE visitors ADD COLUMN current_url TEXT;
CREATE INDEX visitors_external_id ON visitors (external_id);
