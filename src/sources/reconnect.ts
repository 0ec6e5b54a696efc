/**
 * The one reconnect policy of the sources that talk to a server (a live host,
 * another balloontop): how often to try again after a failure, when to give
 * up, and what `status()` tells the status line meanwhile.
 *
 * - 'keep-alive' (the dashboard; record and serve without `-n`): never gives up; waits 1 s, then twice as
 *   long after each failure, up to 30 s.
 * - 'fail' (batch output, `-n`): tries 4 more times (1, 2, 4, 8 s
 *   apart), then gives up with one clear error.
 *
 * A success starts the backoff over. The first connection is never retried
 * by the sources: a wrong URL, password or certificate at start is one clear
 * error, not a wait.
 */
import type { SourceStatus } from './source';

export type FailurePolicy = 'keep-alive' | 'fail';

export interface RetryPolicy {
  /** Attempts after a failure before giving up (Infinity: never). */
  attempts: number;
  /** Wait before the first attempt; doubles after each failure. */
  initialDelayMs: number;
  maxDelayMs: number;
}

const RETRY: Record<FailurePolicy, RetryPolicy> = {
  'keep-alive': { attempts: Infinity, initialDelayMs: 1000, maxDelayMs: 30_000 },
  fail: { attempts: 4, initialDelayMs: 1000, maxDelayMs: 8000 },
};

export function retryPolicy(policy: FailurePolicy, override?: RetryPolicy): RetryPolicy {
  return override ?? RETRY[policy];
}

/**
 * A failure's reason as a narrow status line keeps it: without the address
 * it starts with (`esx01:443: `) and the hint in parentheses at its end.
 */
function briefReason(reason: string, address: string): string {
  const bare = address !== '' && reason.startsWith(`${address}: `) ? reason.slice(address.length + 2) : reason;
  return bare.replace(/\s+\([^()]*\)$/, '');
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

export class Reconnect {
  private state: SourceStatus['state'] = 'connecting';
  private message: string;
  private brief = '';
  private lastGood: number | null = null;
  private failures = 0;
  private delayMs: number;

  constructor(
    readonly policy: RetryPolicy,
    firstMessage: string,
    private readonly insecure = false,
    /** The address the source's messages start with (`esx01:443`), left out of the status line's note. */
    private readonly address = '',
  ) {
    this.delayMs = policy.initialDelayMs;
    this.message = firstMessage;
  }

  /** Failures since the last success. */
  get attempts(): number {
    return this.failures;
  }

  /** Connected, or a good sample: the backoff starts over. `note`: what a narrow status line must still say. */
  succeeded(message: string, sampleTime: number | null = null, note = ''): void {
    this.state = 'connected';
    this.message = message;
    this.brief = note;
    this.failures = 0;
    this.delayMs = this.policy.initialDelayMs;
    if (sampleTime !== null) this.lastGood = sampleTime;
  }

  /** A new attempt is under way (after a failure: 'reconnecting'). */
  attempting(message?: string): void {
    if (this.state !== 'connected' || this.failures > 0) this.state = this.lastGood === null && this.failures === 0 ? 'connecting' : 'reconnecting';
    if (message !== undefined) this.message = message;
  }

  /**
   * A failure that may pass: the wait before the next attempt, or null when
   * the attempts are used up (the state is then 'failed'). `needsUser`: it
   * will likely not pass on its own (the status says 'failed'), but the
   * dashboard keeps trying in case the user fixes it on the other side.
   */
  failed(reason: string, opts: { needsUser?: boolean } = {}): number | null {
    this.failures++;
    this.brief = briefReason(reason, this.address);
    if (this.failures > this.policy.attempts) {
      this.state = 'failed';
      this.message = reason;
      return null;
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.policy.maxDelayMs);
    this.state = opts.needsUser ? 'failed' : 'reconnecting';
    this.message = `${reason}; retrying in ${formatDelay(delay)}`;
    return delay;
  }

  /** A failure that needs the user (a changed password, a refused token): no retry makes it pass. */
  fatal(reason: string): void {
    this.state = 'failed';
    this.message = reason;
    this.brief = briefReason(reason, this.address);
  }

  /** Replaces the message and keeps the state (a note about the server). */
  note(message: string): void {
    this.message = message;
  }

  status(): SourceStatus {
    return { state: this.state, message: this.message, note: this.brief, lastGoodSample: this.lastGood, insecure: this.insecure };
  }
}
