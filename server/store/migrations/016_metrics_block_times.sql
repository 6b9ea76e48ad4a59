-- The hour block format changed (times as 4-byte offsets from the chat's start or the hour):
-- rebuild every block.
UPDATE metric_hour_blocks SET data = NULL;
