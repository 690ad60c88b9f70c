/**
 * The normaliser: one NFW (or plain Suricata EVE) record -> a row of the column table plus a residual,
 * or a rejection with a stable reason. Pure: no I/O, never throws per record.
 *
 * The residual is the JSON of what the source columns do not reproduce exactly (unknown fields,
 * values of the wrong type, non-canonical spellings such as `+00:00` or string ports), null when the
 * columns rebuild the record alone. A plain EVE record (no envelope) has `"__nfwlens_plain_eve": true`
 * in its residual, so that `reconstructRecord` returns the bare event object.
 */
export { canonicalIp, ipToU128 } from './ip.ts';
export { normalizeLine, normalizeRecord, PLAIN_EVE_MARKER } from './normalize.ts';
export { reconstructRecord } from './reconstruct.ts';
export { formatEveTimestamp, parseEveTimestamp } from './timestamp.ts';
export type { Accepted, NormalizeResult, Rejected, RejectReason } from './types.ts';
