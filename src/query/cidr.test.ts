import { describe, expect, it } from 'vitest';
import {
  canonicalIp,
  cidrToRange,
  ipToU128,
  isV4Mapped,
  looksLikeIpOrCidr,
  splitRange,
  type U128Range,
} from './cidr.ts';

const V4 = 0xffffn << 32n;

describe('ipToU128 / canonicalIp', () => {
  it.each<[string, bigint | null, string | null]>([
    ['10.1.2.3', V4 | 0x0a010203n, '10.1.2.3'],
    ['0.0.0.0', V4, '0.0.0.0'],
    ['255.255.255.255', V4 | 0xffffffffn, '255.255.255.255'],
    ['::ffff:10.1.2.3', V4 | 0x0a010203n, '::ffff:10.1.2.3'],
    ['::FFFF:a01:203', V4 | 0x0a010203n, '::ffff:10.1.2.3'],
    ['010.1.2.3', null, null],
    ['fe80:0000::1', (0xfe80n << 112n) | 1n, 'fe80::1'],
    ['2001:DB8::A', (0x20010db8n << 96n) | 0xan, '2001:db8::a'],
    ['::', 0n, '::'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', (1n << 128n) - 1n, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['10.1.2', null, null],
    ['10', null, null],
    ['0x0a.1.2.3', null, null],
    ['256.1.1.1', null, null],
    ['fe80::1::2', null, null],
    ['example.com', null, null],
  ])('%s', (text, n, canonical) => {
    expect(ipToU128(text)).toBe(n);
    expect(canonicalIp(text)).toBe(canonical);
  });
});

describe('cidrToRange', () => {
  it.each<[string, bigint, bigint]>([
    ['10.0.0.0/8', V4 | 0x0a000000n, V4 | 0x0affffffn],
    ['10.1.2.3/8', V4 | 0x0a000000n, V4 | 0x0affffffn],
    ['192.168.1.7/32', V4 | 0xc0a80107n, V4 | 0xc0a80107n],
    ['0.0.0.0/0', V4, V4 | 0xffffffffn],
    ['192.168.1.7', V4 | 0xc0a80107n, V4 | 0xc0a80107n],
    ['2001:db8::/32', 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n)],
    ['::/0', 0n, (1n << 128n) - 1n],
    ['fe80::1/128', (0xfe80n << 112n) | 1n, (0xfe80n << 112n) | 1n],
  ])('%s', (text, lo, hi) => {
    expect(cidrToRange(text)).toEqual({ lo, hi });
  });

  it.each(['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/a', '10.0.0/8', 'x/8'])(
    'rejects %s',
    (text) => {
      expect(cidrToRange(text)).toBeNull();
    },
  );

  it('tells IP literals from field terms', () => {
    expect(looksLikeIpOrCidr('fe80::1')).toBe(true);
    expect(looksLikeIpOrCidr('dead:beef::/32')).toBe(true);
    expect(looksLikeIpOrCidr('dest_ip:1.2.3.4')).toBe(false);
  });
});

describe('splitRange / isV4Mapped', () => {
  const MAPPED = { lo: V4, hi: V4 | 0xffffffffn };
  const ALL = (1n << 128n) - 1n;
  const r = (lo: bigint, hi: bigint): U128Range => ({ lo, hi });
  it.each<[string, U128Range, U128Range | null, U128Range | null]>([
    ['an IPv4 block', r(V4 | 0x0a000000n, V4 | 0x0affffffn), r(V4 | 0x0a000000n, V4 | 0x0affffffn), null],
    ['one IPv4 address', r(V4 | 1n, V4 | 1n), r(V4 | 1n, V4 | 1n), null],
    ['exactly ::ffff:0:0/96', MAPPED, MAPPED, null],
    ['an IPv6 block below', r(0n, V4 - 1n), null, r(0n, V4 - 1n)],
    ['an IPv6 block above', r(MAPPED.hi + 1n, ALL), null, r(MAPPED.hi + 1n, ALL)],
    ['everything', r(0n, ALL), MAPPED, r(0n, ALL)],
    ['a block straddling the low edge', r(V4 - 1n, V4 | 5n), r(V4, V4 | 5n), r(V4 - 1n, V4 | 5n)],
    [
      'a block straddling the high edge',
      r(MAPPED.hi, MAPPED.hi + 1n),
      r(MAPPED.hi, MAPPED.hi),
      r(MAPPED.hi, MAPPED.hi + 1n),
    ],
  ])('%s', (_name, range, v4, v6) => {
    expect(splitRange(range)).toEqual({ v4, v6 });
  });

  it.each<[bigint, boolean]>([
    [V4, true],
    [V4 | 0xffffffffn, true],
    [V4 - 1n, false],
    [(V4 | 0xffffffffn) + 1n, false],
    [0n, false],
  ])('isV4Mapped(%s) is %s', (n, expected) => {
    expect(isV4Mapped(n)).toBe(expected);
  });
});
