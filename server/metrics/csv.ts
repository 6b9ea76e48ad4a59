/** The metrics flattened to columns for /api/metrics.csv and /api/metrics/agents.csv. */

type Flat = Map<string, string | number | null>;

function flatten(value: unknown, prefix: string, out: Flat): void {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value as string | number | null);
  }
}

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  // A spreadsheet would run text starting with these as a formula.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per object, one column per key path (`chats.byChannel.widget`, `tags.counts.billing`);
 * columns that only some rows have (counts of tags and canned replies) are empty elsewhere.
 */
export function toCsv(rows: object[]): string {
  const flats = rows.map((r) => {
    const f: Flat = new Map();
    flatten(r, '', f);
    return f;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of flats) {
    for (const k of f.keys()) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  const lines = [columns.map(csvCell).join(',')];
  for (const f of flats) lines.push(columns.map((c) => csvCell(f.get(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
