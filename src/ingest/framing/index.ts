/**
 * Framing: from raw bytes to one text per JSON record, streaming. Handles gzip (multi-member,
 * detected by magic bytes, junk after the members reported with its offset), NDJSON (LF/CRLF, BOM,
 * blank lines), pretty-printed and concatenated JSON objects, a JSON array of records, and
 * CloudWatch Logs export lines; keeps exact decompressed byte offsets and line
 * numbers so an ingest can resume, and holds the unterminated tail of a file still being written.
 */
export { frameStream } from './frame-stream.ts';
export { type InputFileList, listInputFiles, looksLikeLogFile } from './list-input-files.ts';
export { openFile } from './open-file.ts';
export type { FramedBatch, FramedRecord, FrameOptions } from './types.ts';
