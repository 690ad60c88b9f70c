/** Test helper: random queries from a seeded generator (grammar tokens, near-misses and random text). */

export { seededRandom } from '../generate/prng.ts';

const TOKENS = [
  ...['(', ')', '((', '))', 'and', 'or', 'not', 'AND', 'Or', '-', '--', '"', '\\', '/', '*', '?', ':'],
  ...['>', '>=', '<', '<=', ' ', '  ', '\n', '\t', 'ssh', 'tls', 'quad*net', '10.0.0.5', 'fe80::1'],
  ...['src_ip:', 'dest_port:', 'ts>', 'ts:', 'ts<=', 'sni:', 'port:', 'ip:', 'bytes>=', 'action:', 'type:'],
  ...['proto:', 'tcp_syn:', 'flow_id:', 'alert.signature:', 'event.src_ip:', 'dst_ip:', 'x.y:', 'sid:'],
  ...[
    '__proto__:',
    'constructor:',
    'toString',
    'hasOwnProperty:',
    'prototype',
    '__proto__',
    'constructor',
    'valueOf',
  ],
  ...['10.0.0.0/8', '::/0', '2001:db8::/32', '10.0.*', '1.2.3.4/33', '::ffff:1.2.3.4', '999.1.1.1'],
  ...['2024-01-01', '2024-02-30', '-24h', 'now', 'now-1h', '-99999999999d', '+1e400w', '0000-01-01'],
  ...['443', '-1', '99999999999999999999', '18446744073709551616', '0x10', '1.5', 'true', 'yes', 'maybe'],
  ...['/a/', '/a/i', '/a/g', '/(a|b)+/', '/.{1000}/', '/(.{1000}){3}/', '/\\Z/', '/\\x/', '/\\p{Nope}/'],
  ...['/\\pL/', '/[[:alpha:]]/', '/[z-a]/', '/(?i)x/', '/(?=a)/', '/a**/', '/a{2,1}/', '/\\Q*\\E/', '/[/'],
  ...['/(?P<n>a)/', '/(?<n>a)/', '/\\x{110000}/', '/\\8/', '/[\\d-z]/', '/\\p{Greek}{20}/', '/\\/'],
  ...['"quoted"', '"un', '"a\\"b"', "'", '`', '%', '%00', '$(x)', "'; DROP TABLE events; --", '\\*'],
  ...['é', '😀', '\u0000', '\u200b', '\ud800', '\udfff', '\uffff', 'İ', 'ß'],
];

function randomText(rand: () => number, length: number, wide: boolean): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += String.fromCharCode(wide ? Math.floor(rand() * 0x10000) : 32 + Math.floor(rand() * 95));
  }
  return s;
}

/** One random query: mostly grammar tokens, with runs of printable ASCII and of any UTF-16 code units. */
export function randomQuery(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 14);
  let q = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.72) q += TOKENS[Math.floor(rand() * TOKENS.length)]!;
    else if (r < 0.88) q += randomText(rand, 1 + Math.floor(rand() * 8), false);
    else q += randomText(rand, 1 + Math.floor(rand() * 4), true);
    if (rand() < 0.5) q += ' ';
  }
  if (rand() < 0.02) q = q.repeat(1 + Math.floor(rand() * 600));
  return q;
}

/** A random token (for other parameters: drills, dimensions, times, buckets). */
export function randomToken(rand: () => number): string {
  return rand() < 0.8
    ? TOKENS[Math.floor(rand() * TOKENS.length)]!
    : randomText(rand, 1 + Math.floor(rand() * 6), rand() < 0.3);
}
