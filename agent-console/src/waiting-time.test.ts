import { describe, expect, it } from 'vitest';
import { formatDuration } from './waiting-time.ts';

describe('formatDuration', () => {
  it('is precise while short and coarse when long', () => {
    expect(formatDuration(-500)).toBe('0s');
    expect(formatDuration(45_900)).toBe('45s');
    expect(formatDuration(130_000)).toBe('2m 10s');
    expect(formatDuration(3_900_000)).toBe('1h 5m');
    expect(formatDuration(100 * 3_600_000)).toBe('4d 4h');
  });
});
