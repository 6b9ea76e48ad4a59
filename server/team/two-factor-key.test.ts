import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, TWO_FACTOR_KEY_FILE, twoFactorKey } from './two-factor-key.ts';

describe('the two-factor key', () => {
  it('is made once in its directory, the same for every caller at once, readable by its owner only', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'parley-key-')), 'files');
    const keys = await Promise.all(Array.from({ length: 8 }, () => twoFactorKey(dir)));
    expect(keys[0]).toHaveLength(32);
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
    expect(readdirSync(dir)).toEqual([TWO_FACTOR_KEY_FILE]);
    expect(statSync(join(dir, TWO_FACTOR_KEY_FILE)).mode & 0o077).toBe(0);
    expect((await twoFactorKey(dir)).equals(Buffer.from(readFileSync(join(dir, TWO_FACTOR_KEY_FILE), 'utf8').trim(), 'base64'))).toBe(true);
  });

  it('encrypts a secret so that only the key reads it, and any change is refused', async () => {
    const key = await twoFactorKey(mkdtempSync(join(tmpdir(), 'parley-key-')));
    const other = await twoFactorKey(mkdtempSync(join(tmpdir(), 'parley-key-')));
    const stored = encryptSecret(key, 'JBSWY3DPEHPK3PXP');
    expect(stored).not.toContain('JBSWY3DPEHPK3PXP');
    expect(encryptSecret(key, 'JBSWY3DPEHPK3PXP')).not.toBe(stored);
    expect(decryptSecret(key, stored)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => decryptSecret(other, stored)).toThrow();
    const [iv, tag, data] = stored.split('.');
    const flipped = Buffer.from(data!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => decryptSecret(key, [iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });
});
