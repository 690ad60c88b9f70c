/**
 * IP address text and numbers. Canonical text: IPv4 dotted decimal; IPv6 RFC 5952 (compressed, lower
 * case, IPv4-mapped addresses as `::ffff:a.b.c.d`). Numbers: 128-bit, IPv4 mapped into ::ffff:0:0/96,
 * so one CIDR test covers both families.
 */
import ipaddr from 'ipaddr.js';

const V4_MAPPED = 0xffff00000000n;

/** Strict dotted-quad decimal (no leading zeros) -> uint32, or -1. Fast path for the common case. */
function parseV4(s: string): number {
  const len = s.length;
  if (len < 7 || len > 15) return -1;
  let value = 0;
  let octet = 0;
  let nDigits = 0;
  let parts = 0;
  for (let i = 0; i <= len; i++) {
    const c = i === len ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (nDigits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      nDigits = 0;
    } else if (c >= 48 && c <= 57) {
      if (nDigits === 1 && octet === 0) return -1; // leading zero: octal or decimal? reject
      octet = octet * 10 + (c - 48);
      nDigits++;
      if (nDigits > 3) return -1;
    } else {
      return -1;
    }
  }
  return parts === 4 ? value : -1;
}

function parseV6(s: string): ipaddr.IPv6 | null {
  if (!ipaddr.IPv6.isValid(s)) return null;
  try {
    return ipaddr.IPv6.parse(s);
  } catch {
    return null;
  }
}

/** Canonical text of an IPv4 or IPv6 address; null when `s` is not one. */
export function canonicalIp(s: string): string | null {
  if (typeof s !== 'string') return null;
  if (parseV4(s) >= 0) return s;
  if (s.indexOf(':') < 0) return null;
  const v6 = parseV6(s);
  if (v6 === null) return null;
  if (v6.isIPv4MappedAddress()) {
    const zone = v6.zoneId === undefined ? '' : `%${v6.zoneId}`;
    return `::ffff:${v6.toIPv4Address().toString()}${zone}`;
  }
  return v6.toString();
}

/** The address as a 128-bit number (IPv4 as ::ffff:a.b.c.d); null when `s` is not an address. */
export function ipToU128(s: string): bigint | null {
  if (typeof s !== 'string') return null;
  const v4 = parseV4(s);
  if (v4 >= 0) return V4_MAPPED | BigInt(v4);
  if (s.indexOf(':') < 0) return null;
  const v6 = parseV6(s);
  if (v6 === null) return null;
  let n = 0n;
  for (const part of v6.parts) n = (n << 16n) | BigInt(part);
  return n;
}
