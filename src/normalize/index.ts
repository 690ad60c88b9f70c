/**
 * The normaliser: one NFW (or plain Suricata EVE) record -> a row of the column table plus a residual
 * (the JSON of what the columns do not reproduce), or a rejection with a stable reason. Pure: no I/O.
 * `reconstructRecord` rebuilds the original record from a row and its residual.
 */
export { canonicalIp, ipToU128 } from './ip.ts';
export { normalizeLine, normalizeRecord, PLAIN_EVE_MARKER } from './normalize.ts';
export { reconstructRecord } from './reconstruct.ts';
export { formatEveTimestamp, parseEveTimestamp } from './timestamp.ts';
export type { Accepted, NormalizeResult, Rejected, RejectReason } from './types.ts';
