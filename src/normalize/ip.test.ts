import { describe, expect, it } from 'vitest';
import { canonicalIp, ipToU128 } from './ip.ts';

describe('canonicalIp', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['255.255.255.255', '255.255.255.255'],
    ['0.0.0.0', '0.0.0.0'],
    ['fe80:0000:0000:0000:fada:0cff:fedc:87f1', 'fe80::fada:cff:fedc:87f1'],
    ['ff02:0000:0000:0000:0000:0000:0001:0002', 'ff02::1:2'],
    ['FE80::FADA:CFF:FEDC:87F1', 'fe80::fada:cff:fedc:87f1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::ffff:0102:0304', '::ffff:1.2.3.4'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it.each([
    '',
    'abc',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '010.0.0.1',
    '127.1',
    '1.2.3.4 ',
    'fe80::1::2',
    'gggg::1',
  ])('rejects %j', (input) => {
    expect(canonicalIp(input)).toBeNull();
  });
});

describe('ipToU128', () => {
  it.each([
    ['0.0.0.0', 0xffff00000000n],
    ['10.0.0.1', 0xffff0a000001n],
    ['255.255.255.255', 0xffffffffffffn],
    ['::ffff:10.0.0.1', 0xffff0a000001n],
    ['::', 0n],
    ['::1', 1n],
    ['fe80::fada:cff:fedc:87f1', 0xfe80000000000000fada0cfffedc87f1n],
    ['fe80:0000:0000:0000:fada:0cff:fedc:87f1', 0xfe80000000000000fada0cfffedc87f1n],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', (1n << 128n) - 1n],
  ])('%s', (input, expected) => {
    expect(ipToU128(input)).toBe(expected);
  });

  it('returns null for non-addresses', () => {
    expect(ipToU128('nope')).toBeNull();
    expect(ipToU128('1.2.3.256')).toBeNull();
  });
});
