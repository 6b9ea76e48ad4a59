import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './sign-in-limits.ts';

describe('the address attempts count under', () => {
  it('is an IPv4 address as it is, also when written as IPv6', () => {
    expect(addressKey('203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(addressKey('::FFFF:cb00:7105')).toBe('203.0.113.5');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('is one key for a request whose address is gone', () => {
    expect(addressKey(undefined)).toBe('unknown');
  });
});

describe('clientAddress', () => {
  const loopback = (address: string) => address === '127.0.0.1';
  it('believes X-Forwarded-For only from trusted proxies, like req.ip', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.7', loopback)).toBe('203.0.113.7');
    expect(clientAddress('198.51.100.1', '203.0.113.7', loopback)).toBe('198.51.100.1');
    expect(clientAddress('127.0.0.1', '10.9.9.9, 203.0.113.7', loopback)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
  });
});
