/**
 * The live kernel log, /dev/kmsg (Documentation/ABI/testing/dev-kmsg): each
 * read() returns one record `level,seq,usec,flags;message`; with O_NONBLOCK a
 * read past the newest record fails with EAGAIN, and EPIPE means records
 * were overwritten before they were read (reading goes on with the next
 * one). The file stays open between samples, so each poll reads only new
 * records. Reading needs root when kernel.dmesg_restrict is 1.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { describeOpenError } from '../bounded-read';
import { findOomKills, type LoggedKill } from './oom-kills';

const RECORD_BUFFER = 16 * 1024;
/** Records read in one poll at most (the ring buffer holds far fewer). */
const MAX_RECORDS_PER_POLL = 100_000;
/** Kills kept from the start of the session. */
const MAX_KILLS = 1000;

const KMSG_PATH = '/dev/kmsg';

export class KmsgReader {
  private fd: number | null = null;
  private readonly kills: LoggedKill[] = [];
  private closed = false;

  /** Opens /dev/kmsg; the reason it cannot be read, or null. */
  open(): string | null {
    try {
      this.fd = openSync(KMSG_PATH, constants.O_RDONLY | constants.O_NONBLOCK);
      return null;
    } catch (err) {
      const f = describeOpenError(err);
      if (f.failure === 'denied') return `${KMSG_PATH}: permission denied (kernel.dmesg_restrict is set: run balloontop guest as root)`;
      return `${KMSG_PATH}: ${f.reason}`;
    }
  }

  /** Every kill read so far (new records first read). */
  poll(): LoggedKill[] {
    if (this.fd === null || this.closed) return this.kills;
    const buf = Buffer.allocUnsafe(RECORD_BUFFER);
    const records: string[] = [];
    for (let i = 0; i < MAX_RECORDS_PER_POLL; i++) {
      let n: number;
      try {
        n = readSync(this.fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') continue;
        break; // EAGAIN: no newer record
      }
      if (n === 0) break;
      records.push(buf.toString('utf8', 0, n));
    }
    if (records.length > 0) {
      this.kills.push(...findOomKills(records.join(''), Date.now()));
      if (this.kills.length > MAX_KILLS) this.kills.splice(0, this.kills.length - MAX_KILLS);
    }
    return this.kills;
  }

  close(): void {
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
