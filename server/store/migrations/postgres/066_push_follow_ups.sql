-- A follow-up for the agent (issue 13) is a push event too (issue 14); on unless turned off.
ALTER TABLE push_preferences ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 1;
