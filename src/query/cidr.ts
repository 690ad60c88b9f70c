/**
 * IP addresses and CIDR blocks as 128-bit numbers, the same mapping the store uses for `src_ip_n` and
 * `dest_ip_n`: IPv6 as its 128-bit value, IPv4 a.b.c.d mapped into ::ffff:0:0/96.
 */
import ipaddr from 'ipaddr.js';

const V4_MAPPED = 0xffffn << 32n;
const ALL_ONES = (1n << 128n) - 1n;

function bytesToBigInt(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

type Parsed = { v4: true; addr: ipaddr.IPv4 } | { v4: false; addr: ipaddr.IPv6 };

function parseAddress(text: string): Parsed | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return { v4: true, addr: ipaddr.IPv4.parse(text) };
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    return { v4: false, addr: ipaddr.IPv6.parse(text) };
  }
  return null;
}

function toU128(p: Parsed): bigint {
  return p.v4 ? V4_MAPPED | bytesToBigInt(p.addr.toByteArray()) : bytesToBigInt(p.addr.toByteArray());
}

/** An IP address (dotted-quad IPv4 or any IPv6 spelling) as a 128-bit number, or null. */
export function ipToU128(text: string): bigint | null {
  const p = parseAddress(text.trim());
  return p ? toU128(p) : null;
}

/**
 * Canonical text of an address, as the normaliser stores it: IPv4 dotted quad, IPv6 RFC 5952
 * (compressed, lower case), IPv4-mapped as `::ffff:a.b.c.d`; null if invalid.
 */
export function canonicalIp(text: string): string | null {
  const p = parseAddress(text.trim());
  if (!p) return null;
  if (p.v4) return p.addr.toString();
  return p.addr.isIPv4MappedAddress()
    ? `::ffff:${p.addr.toIPv4Address().toString()}`
    : p.addr.toRFC5952String();
}

export interface U128Range {
  lo: bigint;
  hi: bigint;
}

/**
 * `10.0.0.0/8` or `2001:db8::/32` as an inclusive range of 128-bit numbers; host bits are ignored
 * (`10.1.2.3/8` is `10.0.0.0/8`). A plain address is a one-address range. Null when invalid.
 */
export function cidrToRange(text: string): U128Range | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const p = parseAddress(slash < 0 ? t : t.slice(0, slash));
  if (!p) return null;
  const max = p.v4 ? 32 : 128;
  let len = max;
  if (slash >= 0) {
    const lenText = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lenText)) return null;
    len = Number(lenText);
    if (len > max) return null;
  }
  const bits = BigInt((p.v4 ? 96 : 0) + len);
  const hostMask = ALL_ONES >> bits;
  const lo = toU128(p) & ~hostMask & ALL_ONES;
  return { lo, hi: lo | hostMask };
}

/** True when the text is an IP address or CIDR block (used to tell `fe80::1` from a field term). */
export function looksLikeIpOrCidr(text: string): boolean {
  return cidrToRange(text) !== null;
}
