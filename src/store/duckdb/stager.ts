/**
 * DuckDB's staging format as the normaliser sees it: each framed batch is staged as one chunk of
 * staging lines (see `stage.ts`), tagged on the loading thread and filled where it is normalised
 * (a worker thread imports this module for `createStager`). No database code here.
 */
import type { RowStager, StagedRows, StagerFactory, StagingFormat } from '../loader.ts';
import { nextChunkTag, StageBuffer, stageLine } from './stage.ts';

/** A framed batch staged for DuckDB: `count` events of `origin` as the staging lines of chunk `tag`. */
export interface DuckDbStagedRows extends StagedRows {
  tag: number;
  origin: string;
  bytes: Uint8Array;
  /** Bytes of its longest staging line. */
  longestLine: number;
}

interface ChunkParams {
  tag: number;
}

export const createStager: StagerFactory = (params, origin, records): RowStager => {
  const { tag } = params as ChunkParams;
  const out = new StageBuffer(Math.max(4096, records * 640));
  let n = 0;
  return {
    add(row, residual, line) {
      out.add(stageLine(row, residual, line, tag, n));
      n++;
    },
    finish() {
      const rows: DuckDbStagedRows = {
        tag,
        origin,
        bytes: out.bytes(),
        longestLine: out.longestLine,
        count: n,
      };
      return { rows, transfer: [rows.bytes.buffer as ArrayBuffer] };
    },
  };
};

/** The staging format of DuckDB stores: chunk tags unique within this process. */
export const duckdbStagingFormat: StagingFormat = {
  module: import.meta.url,
  createStager,
  next: (): ChunkParams => ({ tag: nextChunkTag() }),
};
