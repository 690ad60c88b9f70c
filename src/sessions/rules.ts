/**
 * The session rules, as data the engines' SQL is built from (the constants are defined with the
 * store contract, `store/sessions.ts`). The prose version, with the article's
 * example, is README.md in this folder; both must say the same thing.
 *
 * - Pair key: (kind, firewall_name, availability_zone, flow_id, start), start = netflow.start
 *   (flow.start for Suricata `flow` events). A null part matches null.
 * - Request: the first record of the key by (ts, src_port descending with nulls last, src_ip as text,
 *   id). Reply: the first later record whose (src_ip, src_port) differs from the request's. Any
 *   further record (duplicates in the input) is counted in `records` but adds no bytes.
 * - An alert joins a session with the same (firewall_name, availability_zone, flow_id) and the same
 *   two endpoints either way round ({(src_ip, src_port), (dest_ip, dest_port)} = {client, server}, a
 *   missing port counting as 0) when its ts lies in [start - slack, max(end, request ts, reply ts) + slack].
 */

// The constants live with the store contract, which every engine's SQL is built against.
export { ALERT_SLACK_SECONDS, SESSIONS_WATERMARK, UNKNOWN_APP_PROTO } from '../store/sessions.ts';
