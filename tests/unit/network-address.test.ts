import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { classifyAddress, literalAddressOf, parseIpv6 } from '@/lib/webhooks/network-address';
import { parseAllowedHost, type WebhookAddressPolicy } from '@/lib/webhooks/address-policy';
import { webhookUrlProblem } from '@/lib/validation/webhook';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.5', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT (shared address space)'],
    ['100.127.255.255', 'carrier-grade NAT (shared address space)'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.170', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.5', 'private'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a00:5::1', 'private'],
    ['100::1', 'reserved'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '172.15.255.255', '100.128.0.1', '169.253.0.1', '11.0.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeNull();
    },
  );

  it('parses IPv6 in every shape into eight groups', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIpv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    expect(parseIpv6('1.2.3.4')).toBeNull();
  });
});

describe('literalAddressOf: every notation a URL can write an address in', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://10.0.0.5:9200/', '10.0.0.5'],
    ['http://167772165/', '10.0.0.5'],
    ['http://[::1]:8080/', '::1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:ffff:7f00:1]/', '::ffff:7f00:1'],
    ['http://[FE80::1]/', 'fe80::1'],
    ['http://cms.example.org/', null],
    ['http://localhost/', null],
  ])('%s → %s', (url, address) => {
    const literal = literalAddressOf(new URL(url));
    expect(literal).toBe(address);
    if (literal) expect(classifyAddress(literal)).not.toBeNull();
  });
});

describe('webhookUrlProblem', () => {
  const app = { publicUrl: 'https://claims.example.org', port: 3000 };
  const closed: WebhookAddressPolicy = { allowPrivate: false, allowedHosts: [] };

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'address 169.254.169.254 is link-local'],
    ['http://10.0.0.5:9200/', 'address 10.0.0.5 is private'],
    ['http://127.0.0.1:9911/hook', 'address 127.0.0.1 is loopback'],
    ['http://2130706433/', 'address 127.0.0.1 is loopback'],
    ['http://0177.0.0.1/', 'address 127.0.0.1 is loopback'],
    ['http://0x7f.1/', 'address 127.0.0.1 is loopback'],
    ['http://127.1/', 'address 127.0.0.1 is loopback'],
    ['http://[::1]/', 'address ::1 is loopback'],
    ['http://[::ffff:127.0.0.1]/', 'address ::ffff:7f00:1 is loopback'],
    ['http://[fd00::1]/', 'address fd00::1 is unique-local'],
    ['http://100.64.1.1/', 'address 100.64.1.1 is carrier-grade NAT'],
    ['http://0.0.0.0:8080/', 'address 0.0.0.0 is unspecified'],
    ['http://224.0.0.1/', 'address 224.0.0.1 is multicast'],
    ['http://255.255.255.255/', 'address 255.255.255.255 is broadcast'],
  ])('refuses %s: %s', (url, reason) => {
    expect(webhookUrlProblem(url, { ...app, policy: closed })).toContain(reason);
  });

  it('accepts public addresses and names (names are checked at delivery)', () => {
    for (const url of ['https://cms.example.org/hooks', 'http://93.184.216.34/', 'http://[2606:4700::1111]/', 'http://localhost:9911/']) {
      expect(webhookUrlProblem(url, { ...app, policy: closed }), url).toBeNull();
    }
  });

  it('accepts a private address the operator allows, by host or host and port', () => {
    expect(webhookUrlProblem('http://10.0.0.5:9200/', { ...app, policy: { allowPrivate: true, allowedHosts: [] } })).toBeNull();
    const byHost = { allowPrivate: false, allowedHosts: [parseAllowedHost('10.0.0.5')!] };
    expect(webhookUrlProblem('http://10.0.0.5:9200/', { ...app, policy: byHost })).toBeNull();
    const byPort = { allowPrivate: false, allowedHosts: [parseAllowedHost('127.1:9911')!] };
    expect(webhookUrlProblem('http://127.0.0.1:9911/hook', { ...app, policy: byPort })).toBeNull();
    expect(webhookUrlProblem('http://2130706433:9911/hook', { ...app, policy: byPort })).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:9912/hook', { ...app, policy: byPort })).toContain('is loopback');
  });

  it('still refuses this app itself, whatever the operator allows', () => {
    const open = { allowPrivate: true, allowedHosts: [] };
    expect(webhookUrlProblem('http://127.0.0.1:3000/', { ...app, policy: open })).toMatch(/Claimbench itself/);
  });
});

describe('WEBHOOK_ALLOW_PRIVATE and WEBHOOK_ALLOWED_HOSTS', () => {
  it('default to nothing allowed', () => {
    const env = parseEnv({});
    expect(env.WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(env.WEBHOOK_ALLOWED_HOSTS).toEqual([]);
  });

  it('parse a list of host[:port], normalised as URLs are', () => {
    const env = parseEnv({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_ALLOWED_HOSTS: ' CMS.internal:8080, 127.1 ,[::1]:9000,' });
    expect(env.WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(env.WEBHOOK_ALLOWED_HOSTS).toEqual([
      { host: 'cms.internal', port: 8080 },
      { host: '127.0.0.1', port: null },
      { host: '[::1]', port: 9000 },
    ]);
  });

  it.each(['http://cms.internal', 'cms.internal:0', 'cms.internal:70000', 'a b', 'cms/x'])('refuse %j, naming the variable', (value) => {
    expect(() => parseEnv({ WEBHOOK_ALLOWED_HOSTS: value })).toThrow(/WEBHOOK_ALLOWED_HOSTS must be a comma-separated list/);
  });

  it('refuse a WEBHOOK_ALLOW_PRIVATE that is not 0 or 1', () => {
    expect(() => parseEnv({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE must be 0 or 1/);
  });
});
