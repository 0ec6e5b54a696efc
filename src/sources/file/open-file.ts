/**
 * Opens a file the user names for replay: an esxtop batch capture or a
 * balloontop recording, told apart by content (plain or gzip), never by name.
 * A recording's first line is a JSON object; a capture's is a PDH CSV header.
 */
import { promises as fsp } from 'node:fs';
import { constants as zc, gunzipSync } from 'node:zlib';
import { RecordingSource } from '../recording/recording-source';
import { CaptureSource } from '../capture/capture-source';
import type { SampleSource } from '../source';

const PEEK_BYTES = 4096;

type FileKind = 'recording' | 'capture';

/**
 * What the file looks like, or null when it cannot be peeked at: a missing
 * file (the capture reader then says why) or a pipe, which is read as a capture.
 */
async function sniffFile(path: string): Promise<FileKind | null> {
  let head: Buffer;
  try {
    // Only a regular file can be peeked at: reading a pipe would consume what the reader needs.
    if (!(await fsp.stat(path)).isFile()) return null;
    const fh = await fsp.open(path, 'r');
    try {
      const buf = Buffer.alloc(PEEK_BYTES);
      const { bytesRead } = await fh.read(buf, 0, PEEK_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    try {
      head = gunzipSync(head, { finishFlush: zc.Z_SYNC_FLUSH });
    } catch {
      return null;
    }
  }
  let i = 0;
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  if (i < head.length && head[i] === 0x7b /* { */) return 'recording';
  return 'capture';
}

export async function openSampleFile(path: string): Promise<SampleSource> {
  const kind = await sniffFile(path);
  if (kind === 'recording') return RecordingSource.open(path);
  return CaptureSource.open(path);
}
