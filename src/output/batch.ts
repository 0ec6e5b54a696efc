/** Batch output (`-b`, `--json`): samples straight from a source to a stream. Placeholder until the batch writers land. */
import type { Writable } from 'node:stream';
import { UserError } from '../errors';
import type { SampleSource } from '../sources/source';

export interface BatchOptions {
  format: 'csv' | 'json';
  limit: number | null;
  out: Writable;
}

export async function writeBatch(_source: SampleSource, _opts: BatchOptions): Promise<number> {
  throw new UserError('batch output is not available in this build yet');
}
