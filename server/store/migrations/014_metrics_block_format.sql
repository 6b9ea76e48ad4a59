-- The hour block format changed (compact header, 4-byte whole numbers): rebuild every block.
UPDATE metric_hour_blocks SET data = NULL;
