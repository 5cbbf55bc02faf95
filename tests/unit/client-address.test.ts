import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, PEER_ADDRESS_HEADER } from '@/lib/http/client-address';

describe('clientAddress', () => {
  it('without a trusted proxy, takes the socket address and ignores every header a client can write', () => {
    const headers = new Headers({
      [PEER_ADDRESS_HEADER]: '203.0.113.9',
      'x-forwarded-for': '198.51.100.1, 198.51.100.2',
      'x-real-ip': '198.51.100.3',
    });
    expect(clientAddress(headers, false)).toBe('203.0.113.9');
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: '203.0.113.9', 'x-forwarded-for': '198.51.100.1' }, false)).toBe('203.0.113.9');
  });

  it('without a trusted proxy and without the socket address, counts everyone as one unknown client', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '198.51.100.1' }), false)).toBe('unknown');
    expect(clientAddress({ 'x-real-ip': '198.51.100.3' }, false)).toBe('unknown');
  });

  it("behind a trusted proxy, takes the first X-Forwarded-For entry, then X-Real-IP, then the socket's", () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '198.51.100.1, 10.0.0.1', [PEER_ADDRESS_HEADER]: '127.0.0.1' }), true)).toBe('198.51.100.1');
    expect(clientAddress(new Headers({ 'x-real-ip': '198.51.100.3', [PEER_ADDRESS_HEADER]: '127.0.0.1' }), true)).toBe('198.51.100.3');
    expect(clientAddress(new Headers({ [PEER_ADDRESS_HEADER]: '127.0.0.1' }), true)).toBe('127.0.0.1');
  });

  it('counts an IPv6 client by its /64 network', () => {
    const a = clientAddress(new Headers({ [PEER_ADDRESS_HEADER]: '2001:db8:1:2:aaaa::1' }), false);
    const b = clientAddress(new Headers({ [PEER_ADDRESS_HEADER]: '2001:db8:1:2:ffff:eeee:dddd:cccc' }), false);
    const c = clientAddress(new Headers({ [PEER_ADDRESS_HEADER]: '2001:db8:1:3::1' }), false);
    expect(a).toBe('2001:db8:1:2::/64');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::FFFF:c000:0201', '192.0.2.1'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8:0:0::/64'],
    ['[2001:db8:a:b::1]', '2001:db8:a:b::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('keys %j as %j', (raw, expected) => {
    expect(addressKey(raw)).toBe(expected);
  });
});
