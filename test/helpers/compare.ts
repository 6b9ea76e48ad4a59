/**
 * Differences between an answer and an expected body, as readable paths, with the tolerance of
 * ../shared/fixtures/README.md: numbers within 1e-6 relative or 1e-3 absolute, null only where
 * expected, every expected key present (more are fine), agent rows matched by agentId.
 */
export function differences(actual: unknown, expected: unknown, path = '$'): string[] {
  if (expected === null) return actual === null ? [] : [`${path}: expected null, got ${JSON.stringify(actual)}`];
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: expected ${expected}, got ${JSON.stringify(actual)}`];
    const close = Math.abs(actual - expected) <= 1e-3 || Math.abs(actual - expected) <= 1e-6 * Math.abs(expected);
    return close ? [] : [`${path}: expected ${expected}, got ${actual}`];
  }
  if (typeof expected !== 'object') {
    return actual === expected ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected a list`];
    const keyed = expected.length > 0 && expected.every((e) => e && typeof e === 'object' && 'agentId' in e);
    if (keyed) {
      return expected.flatMap((e: any) => {
        const match = actual.find((a: any) => a?.agentId === e.agentId);
        return match ? differences(match, e, `${path}[agentId=${e.agentId}]`) : [`${path}: no row for ${e.agentId}`];
      });
    }
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => differences(actual[i], e, `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  return Object.entries(expected as object).flatMap(([k, v]) =>
    k in (actual as object) ? differences((actual as any)[k], v, `${path}.${k}`) : [`${path}.${k}: missing`],
  );
}
