/**
 * Feeds compressed chunks to a gunzip stream so that nothing decompressed is
 * lost when the data turns out to be damaged.
 *
 * zlib checks each member's CRC and length in its last 8 bytes (the
 * trailer), and when that check fails in the same call that decompressed the
 * member's last bytes, Node drops that call's output (up to a chunk of text,
 * and with it any earlier member decompressed in the same call), which
 * `zcat` would have printed. So the trailer is always written on its own:
 * the last 8 bytes seen so far are held back, and a write is split 8 bytes
 * before each gzip member header (`1f 8b 08`) and at the header. A split
 * where the bytes only look like a header is harmless: zlib takes its input
 * in any pieces. A truncated stream fails at `end()`, after all its output.
 */
import type { Gunzip } from 'node:zlib';

const TRAILER_BYTES = 8;
const MEMBER_HEADER = Buffer.from([0x1f, 0x8b, 0x08]);
/** Held back at the end of what was read: a trailer, and the start of a member header whose rest has not come. */
const HOLD_BYTES = TRAILER_BYTES + MEMBER_HEADER.length - 1;
const EMPTY = Buffer.alloc(0);

/** Waits until the stream wants more (or is done for). */
function drained(stream: Gunzip): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Writes every chunk of `source` to `gunzip`, then ends it; a failure of `source` is handed to `failed` (and the gunzip ended). */
export async function feedGunzip(source: () => Promise<IteratorResult<Buffer>>, gunzip: Gunzip, failed: (err: Error) => void): Promise<void> {
  let held = EMPTY;
  /** Bytes written so far (the first member's header is not a split). */
  let offset = 0;
  const write = async (data: Buffer, from: number, to: number) => {
    if (to <= from) return;
    offset += to - from;
    if (!gunzip.write(data.subarray(from, to))) await drained(gunzip);
  };
  try {
    for (;;) {
      const r = await source();
      if (r.done || gunzip.destroyed) break;
      const data = held.length > 0 ? Buffer.concat([held, r.value]) : r.value;
      const limit = data.length - HOLD_BYTES;
      let from = 0;
      for (let p = data.indexOf(MEMBER_HEADER); p >= 0 && p - TRAILER_BYTES < limit; p = data.indexOf(MEMBER_HEADER, p + 1)) {
        if (offset + p - from < TRAILER_BYTES) continue;
        for (const split of [p - TRAILER_BYTES, p]) {
          if (split > from && split <= limit) {
            await write(data, from, split);
            from = split;
          }
        }
      }
      if (limit > from) {
        await write(data, from, limit);
        from = limit;
      }
      held = Buffer.from(data.subarray(from));
    }
  } catch (err) {
    failed(err instanceof Error ? err : new Error(String(err)));
  }
  // The last bytes one by one: wherever the last member's data ends (its trailer may be cut short), the check is a call of its own.
  for (let k = 0; k < held.length && !gunzip.destroyed; k++) await write(held, k, k + 1);
  if (!gunzip.destroyed) gunzip.end();
}
