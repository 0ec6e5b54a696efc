/**
 * A screen longer than its rows (the `w` panel, the guest page): the lines
 * from `top` that fit, and a last line that says there is more, which takes
 * a row of its own so that the page's last line can always be reached.
 */
import { textLine, type Line } from './line';

/** How far a screen of `count` lines scrolls in `room` rows (its marker line takes one). */
export function scrollRange(count: number, room: number): number {
  return count > room ? count - (room - 1) : 0;
}

export function scrolled(all: readonly Line[], top: number, room: number, width: number, more: string, end: string): Line[] {
  if (all.length <= room) return [...all];
  const shown = Math.max(0, room - 1);
  const from = Math.max(0, Math.min(top, all.length - shown));
  return [...all.slice(from, from + shown), textLine(`-- ${from + shown < all.length ? more : end} --`, width, 'dim')];
}
