/**
 * IP addresses and CIDR blocks as 128-bit numbers, the same mapping the store uses for the numeric IP
 * columns: IPv6 as its 128-bit value, IPv4 a.b.c.d mapped into ::ffff:0:0/96. The store keeps numbers
 * inside ::ffff:0:0/96 in the `_v4` column and every other one in the `_v6` column.
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

/** ::ffff:0:0/96, the IPv4-mapped addresses: the numbers the `_v4` columns hold. */
export const V4_MAPPED_RANGE: Readonly<U128Range> = { lo: V4_MAPPED, hi: V4_MAPPED | 0xffffffffn };

/** True when the number lies in ::ffff:0:0/96 (an IPv4 or IPv4-mapped address, kept in `_v4`). */
export function isV4Mapped(n: bigint): boolean {
  return n >= V4_MAPPED_RANGE.lo && n <= V4_MAPPED_RANGE.hi;
}

/**
 * A range of numbers split by the column that holds them: `v4`, its part inside ::ffff:0:0/96, and
 * `v6`, the range as given when some of it lies outside (the `_v6` column holds no IPv4-mapped
 * number, so the overlap needs no cutting). Null for a side the range does not reach.
 */
export function splitRange(r: U128Range): { v4: U128Range | null; v6: U128Range | null } {
  const { lo: mLo, hi: mHi } = V4_MAPPED_RANGE;
  const v4 = r.lo <= mHi && r.hi >= mLo ? { lo: r.lo > mLo ? r.lo : mLo, hi: r.hi < mHi ? r.hi : mHi } : null;
  const v6 = r.lo < mLo || r.hi > mHi ? { lo: r.lo, hi: r.hi } : null;
  return { v4, v6 };
}

/** True when the text is an IP address or CIDR block (used to tell `fe80::1` from a field term). */
export function looksLikeIpOrCidr(text: string): boolean {
  return cidrToRange(text) !== null;
}
