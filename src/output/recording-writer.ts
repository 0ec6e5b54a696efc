/**
 * Writes a balloontop recording sample by sample. Every line is written to the
 * file (synchronously, so it has reached the operating system) before the next
 * sample is asked for: a crash loses at most the line being written, which
 * the reader then reports as torn.
 *
 * Gzip recordings are written as one gzip member per line: each member is
 * complete on its own, so the file can be appended to (by this run or a later
 * `--append`) and a crash cannot corrupt what came before.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { UserError } from '../errors';
import type { Sample } from '../sample/sample';
import { describeFsError } from '../sources/file/input-file';
import { writeFailureText } from './whole-file';
import { encodeHeader, encodeSample, makeHeader, type RecordingHeader } from '../sources/recording/format';
import type { PlannedGroup } from '../sources/source';

type WriteMode = 'create' | 'overwrite' | 'append';

interface RecordingWriterOptions {
  path: string;
  gzip: boolean;
  mode: WriteMode;
  source: { kind: string; label: string };
  /** When appending: the existing file's header (its fields are the ones to write). */
  existingHeader?: RecordingHeader;
  /** Groups the source announces before they appear (kept in the header). */
  planned?: () => readonly PlannedGroup[];
}

export class RecordingWriter {
  private fd: number | null;
  private header: RecordingHeader | null;
  private count = 0;
  private bytes = 0;

  private constructor(
    private readonly opts: RecordingWriterOptions,
    fd: number,
  ) {
    this.fd = fd;
    this.header = opts.existingHeader ?? null;
  }

  /** Opens the file now, so that a refused overwrite or a bad directory fails before any source is started. */
  static open(opts: RecordingWriterOptions): RecordingWriter {
    const flags = opts.mode === 'create' ? 'wx' : opts.mode === 'append' ? 'a' : 'w';
    let fd: number;
    try {
      fd = openSync(opts.path, flags, 0o644);
      if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${opts.path}: already exists (use --force to overwrite it, or --append to add to a recording)`);
      throw describeFsError(opts.path, err);
    }
    return new RecordingWriter(opts, fd);
  }

  get samplesWritten(): number {
    return this.count;
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  /** The header of a new recording: this source, the host's name, the groups the source announces. */
  private newHeader(hostname: string | null): RecordingHeader {
    return makeHeader(this.opts.source, hostname, new Date(), this.opts.planned?.() ?? []);
  }

  write(sample: Sample): void {
    if (!this.header) {
      this.header = this.newHeader(sample.host.hostname);
      this.line(encodeHeader(this.header));
    }
    this.line(encodeSample(sample, this.header));
    this.count++;
  }

  /** Writes the header if no sample came, and closes the file. Safe to call twice. */
  close(): void {
    if (this.fd === null) return;
    try {
      if (!this.header) {
        this.header = this.newHeader(null);
        this.line(encodeHeader(this.header));
      }
    } finally {
      closeSync(this.fd);
      this.fd = null;
    }
  }

  private line(text: string): void {
    if (this.fd === null) throw new Error('recording is closed');
    const raw = Buffer.from(`${text}\n`, 'utf8');
    const data = this.opts.gzip ? gzipSync(raw) : raw;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    } catch (err) {
      throw new UserError(`${this.opts.path}: cannot write (${writeFailureText(err)})`);
    }
    this.bytes += data.length;
  }
}
