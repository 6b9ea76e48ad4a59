import type { Sql } from '../store/sql.ts';

/**
 * Where the metrics' SQL differs between the dialects, beyond what portable SQL hides.
 *
 * Text in ORDER BY: SQLite compares bytes (BINARY); a Postgres database sorts by its locale.
 * Orders that decide what a result lists first, or in which order numbers are added, sort
 * by bytes on both, so that both give the same answers.
 */
export const bytewise = (db: Sql): string => (db.dialect === 'postgres' ? ' COLLATE "C"' : '');
