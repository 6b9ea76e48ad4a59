-- A follow-up for the agent (issue 13) is a push event too (issue 14); on unless turned off.
ALTER TABLE push_preferences ADD COLUMN follow_up INTEGER NOT NULL DEFAULT 1;
-- A device's notifications are worded in the language its console had when it subscribed.
ALTER TABLE push_subscriptions ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
