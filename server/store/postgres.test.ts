import { describe, expect, it } from 'vitest';
import { translate } from './postgres.ts';

describe('statements for Postgres', () => {
  it('numbers ? placeholders, leaving strings, quoted names and comments alone', () => {
    expect(translate("SELECT '?', \"a?\" FROM t -- why?\nWHERE a = ? AND b = ?").text).toBe(
      "SELECT '?', \"a?\" FROM t -- why?\nWHERE a = $1 AND b = $2",
    );
  });

  it('numbers @names once each, in order of first use', () => {
    expect(translate('UPDATE t SET a = @a, b = @b WHERE id = @id AND a <> @a')).toEqual({
      text: 'UPDATE t SET a = $1, b = $2 WHERE id = $3 AND a <> $1',
      names: ['a', 'b', 'id'],
    });
  });

  it('quotes camelCase aliases, which Postgres would fold to lower case', () => {
    expect(translate("SELECT max_chats AS maxChats, x as idleSince, y AS plain, CAST(? AS TEXT), 'AS notMe' FROM has").text).toBe(
      `SELECT max_chats AS "maxChats", x as "idleSince", y AS plain, CAST($1 AS TEXT), 'AS notMe' FROM has`,
    );
  });
});
