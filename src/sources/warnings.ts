/** Counts recoverable problems by kind and keeps the first message of each, to report once. */
import type { SourceWarning } from './source';

export class WarningCounter {
  private readonly byKind = new Map<string, SourceWarning>();

  /** `count` problems of a kind at once (a part of the input read elsewhere); the message is kept when the kind is new. */
  add(kind: string, message: string, count = 1): void {
    const w = this.byKind.get(kind);
    if (w) w.count += count;
    else this.byKind.set(kind, { message, count });
  }

  list(): SourceWarning[] {
    return [...this.byKind.values()].map((w) => ({ ...w }));
  }
}

/** One line per kind: the first message, and how many more there were. */
export function describeWarnings(ws: SourceWarning[]): string[] {
  return ws.map((w) => (w.count > 1 ? `${w.message} (and ${w.count - 1} more like it)` : w.message));
}
