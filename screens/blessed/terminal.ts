/**
 * Creating the blessed screen safely: the terminal type
 * (blessed cannot read ncurses >= 6.1 terminfo, so 256-colour terminals are
 * drawn as xterm-256color from blessed's own copy), Unicode box characters,
 * no terminfo compile noise on stderr, and a resize debounce.
 */
import { createScreen, type ScreenStreams, type ScreenWithLines } from './blessed-types';

const TRUECOLOR_TERMS = /256col|direct|truecolor|kitty|alacritty|foot|ghostty|wezterm|iterm/i;

/** The terminal type to hand blessed: `--term` as given; 256-colour and modern terminals as xterm-256color. */
export function chooseTerminal(termOption: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (termOption) return termOption;
  const term = env.TERM ?? '';
  if (term === '' || term === 'dumb') return 'xterm';
  if (TRUECOLOR_TERMS.test(term) || /truecolor|24bit/i.test(env.COLORTERM ?? '')) return 'xterm-256color';
  if (env.TMUX || env.STY || /^(tmux|screen)/.test(term)) return 'xterm-256color';
  return term;
}

interface TerminalOptions extends Partial<ScreenStreams> {
  terminal: string;
}

export function openScreen(opts: TerminalOptions): ScreenWithLines {
  // Unicode box drawing instead of `lqqqk` (read by blessed's tput at creation).
  process.env.NCURSES_NO_UTF8_ACS = '1';
  const realWrite = process.stderr.write.bind(process.stderr);
  // Terminfo entries blessed cannot compile (Setulc) print JavaScript to stderr while the screen is made.
  process.stderr.write = (() => true);
  try {
    return createScreen({
      smartCSR: true,
      fullUnicode: true,
      terminal: opts.terminal,
      resizeTimeout: 150,
      autoPadding: false,
      warnings: false,
      title: 'balloontop',
      dockBorders: false,
      ...(opts.input ? { input: opts.input } : {}),
      ...(opts.output ? { output: opts.output } : {}),
    });
  } finally {
    process.stderr.write = realWrite;
  }
}

/** Most bytes of stderr held while the screen is open; beyond it, only a count. */
const HELD_LIMIT = 1 << 20;

/**
 * Holds whatever is written to stderr while blessed owns the terminal (a Node
 * warning, a library's console.error) and writes it out once the screen is
 * destroyed, so nothing is printed over the screen and nothing is lost.
 */
export function holdStderrWhileOpen(screen: ScreenWithLines): void {
  const real = process.stderr.write.bind(process.stderr);
  const held: (string | Uint8Array)[] = [];
  let bytes = 0;
  let dropped = 0;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (bytes + chunk.length <= HELD_LIMIT) {
      held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
      bytes += chunk.length;
    } else dropped += chunk.length;
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (cb) process.nextTick(cb);
    return true;
  });
  screen.once('destroy', () => {
    process.stderr.write = real;
    for (const c of held) process.stderr.write(c);
    if (dropped > 0) process.stderr.write(`balloontop: ${dropped} more bytes of messages were written while the screen was open and are not shown\n`);
  });
}
