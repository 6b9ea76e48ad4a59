-- Agents send files too (images, PDFs) from the console: the row names the agent who sent it;
-- `visitor_id` is then the visitor of the chat it was sent in. NULL: the visitor sent it.
ALTER TABLE attachments ADD COLUMN agent_id TEXT;
CREATE INDEX attachments_agent ON attachments (agent_id, created_at) WHERE agent_id IS NOT NULL;
