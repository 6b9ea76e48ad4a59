import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isPrivateAddress } from './targets.ts';
import { GIVE_UP_AFTER_MS, retryDelayMs } from './dispatcher.ts';

describe('webhook targets', () => {
  it('knows private, loopback, link-local and reserved addresses in IPv4 and IPv6', () => {
    for (const a of ['127.0.0.1', '127.9.9.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
      '::1', '::', 'fd00::1', 'fc00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a00:1', 'not an address']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2001:4860:4860::8888']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    }
  });

  it('refuses a URL whose host is a private literal or resolves to one, unless allowed', async () => {
    await expect(checkWebhookTarget('http://[::1]:8080/x', false)).rejects.toThrow(/private or loopback/);
    await expect(checkWebhookTarget('http://localhost/x', false)).rejects.toThrow(/resolves to .*private or loopback/);
    await expect(checkWebhookTarget('http://localhost/x', true)).resolves.toBeUndefined();
    await expect(checkWebhookTarget('https://93.184.216.34/x', false)).resolves.toBeUndefined();
  });

  it('retries within 10 s at first, then doubling up to 6 hours, past a day and until it gives up', () => {
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(10_000);
    expect(retryDelayMs(30)).toBe(6 * 3600_000);
    let at = 0;
    let attempts = 1;
    while (at + retryDelayMs(attempts) < GIVE_UP_AFTER_MS) at += retryDelayMs(attempts++);
    expect(at).toBeGreaterThan(24 * 3600_000);
    expect(attempts).toBeGreaterThanOrEqual(15);
    expect(attempts).toBeLessThanOrEqual(30);
  });
});
