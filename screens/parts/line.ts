/** A frame is a list of lines; a line is styled segments. Pure data: the blessed layer turns it into tags. */
import type { StyleName } from './theme';
import { displayWidth, truncate } from './text-width';

export interface Segment {
  text: string;
  style: StyleName;
}

export type Line = Segment[];

/** The text of a line without styles (what the terminal shows). */
export function lineText(line: Line): string {
  let s = '';
  for (const seg of line) s += seg.text;
  return s;
}

/** Builds one line of at most `width` columns; text beyond it is cut. */
export class LineBuilder {
  private readonly segments: Segment[] = [];
  private used = 0;

  constructor(private readonly width: number) {}

  get remaining(): number {
    return this.width - this.used;
  }

  add(text: string, style: StyleName = 'plain'): this {
    if (text === '' || this.used >= this.width) return this;
    const w = displayWidth(text);
    let t = text;
    let tw = w;
    if (this.used + w > this.width) {
      t = truncate(text, this.width - this.used, '');
      tw = displayWidth(t);
    }
    const last = this.segments[this.segments.length - 1];
    if (last && last.style === style) last.text += t;
    else this.segments.push({ text: t, style });
    this.used += tw;
    return this;
  }

  addLine(line: Line): this {
    for (const seg of line) this.add(seg.text, seg.style);
    return this;
  }

  /** Fills the rest of the line with spaces in `style` (a bar across the screen). */
  fill(style: StyleName = 'plain'): this {
    return this.add(' '.repeat(Math.max(0, this.width - this.used)), style);
  }

  build(): Line {
    return this.segments;
  }
}

export function textLine(text: string, width: number, style: StyleName = 'plain'): Line {
  return new LineBuilder(width).add(text, style).build();
}

export function barLine(text: string, width: number, style: StyleName): Line {
  return new LineBuilder(width).add(text, style).fill(style).build();
}
