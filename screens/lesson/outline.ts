/**
 * The lesson outline's rows, pure: every caption in history (the lesson's
 * own, the model's console messages, the instructor's actions, the end of
 * the lesson) with when it showed, then the lesson's captions still to come
 * (a simulation knows them: at their time, or when their event happens).
 */
import type { SampleNote } from '../../src/sample/sample';
import type { UpcomingCaption } from '../../src/sources/source';

export interface OutlineEntry {
  /** Where it is in history (absolute index), or null for a caption still to come. */
  absolute: number | null;
  /** When it showed (ms since the epoch), or null. */
  time: number | null;
  /** Seconds from the lesson's start: when it showed, or is planned (the earliest, for an event). */
  at: number | null;
  /** The event a caption to come waits for, in words. */
  when: string | null;
  text: string;
  pause: boolean;
  end: boolean;
  /** The caption in force at the current sample. */
  current: boolean;
}

interface OutlineSource {
  /** Samples with notes in history, oldest first. */
  history: readonly { absolute: number; time: number; notes: readonly SampleNote[] }[];
  upcoming: readonly UpcomingCaption[];
  /** Time of the lesson's first sample, for times as minutes into it; null: clock times. */
  lessonStart: number | null;
  /** Absolute index of the current sample. */
  here: number;
}

export function outlineEntries(src: OutlineSource): OutlineEntry[] {
  let inForce = -1;
  for (const h of src.history) if (h.absolute <= src.here) inForce = h.absolute;
  const rows: OutlineEntry[] = [];
  for (const h of src.history) {
    for (const n of h.notes) {
      rows.push({
        absolute: h.absolute, time: h.time, at: src.lessonStart === null ? null : (h.time - src.lessonStart) / 1000,
        when: null, text: n.text, pause: n.pause, end: n.end === true, current: h.absolute === inForce,
      });
    }
  }
  for (const u of src.upcoming) rows.push({ absolute: null, time: null, at: u.at, when: u.when, text: u.text, pause: u.pause, end: u.end === true, current: false });
  return rows;
}

/** The row of the first caption in force, or -1. */
export function currentRow(rows: readonly OutlineEntry[]): number {
  return rows.findIndex((r) => r.current);
}
