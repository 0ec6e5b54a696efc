/**
 * The one place that corrects @types/blessed 0.1.27: screen
 * `input`/`output` stream types are swapped, `screen.lines` and the
 * terminal's number of colours (`tput.colors`) are missing.
 */
import blessed from 'blessed';

export interface ScreenStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

type ScreenOptions = Omit<blessed.Widgets.IScreenOptions, 'input' | 'output'> & Partial<ScreenStreams>;

/** A cell of `screen.lines`: SGR attribute code and character. */
export type ScreenCell = [number, string];

export interface ScreenWithLines extends blessed.Widgets.Screen {
  lines: ScreenCell[][];
  tput: blessed.Widgets.Tput & { colors: number };
}

export function createScreen(options: ScreenOptions): ScreenWithLines {
  return blessed.screen(options as blessed.Widgets.IScreenOptions) as ScreenWithLines;
}

/** The text of the screen as the terminal shows it, one string per row. */
export function screenText(screen: ScreenWithLines): string[] {
  return screen.lines.map((row) => row.map((cell) => cell[1]).join(''));
}
