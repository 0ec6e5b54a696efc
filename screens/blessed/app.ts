/**
 * The thin blessed layer: one plain box the frame is drawn into, the key
 * handler, the poller, and an orderly end (quit, Ctrl-C, SIGTERM, a source
 * failure) that always gives the terminal back before anything is printed.
 */
import { formatFieldLine } from '../../src/config/field-layout';
import type { EsxtopRc } from '../../src/config/esxtoprc';
import type { ThemeName } from '../../src/config/settings';
import { shortPath, writeConfig, type LoadedConfig } from '../../src/config/user-config';
import { Diagnoser } from '../../src/diagnosis/engine';
import type { Diagnosis } from '../../src/diagnosis/finding';
import { errorText, UserError } from '../../src/errors';
import { defaultRecordingName } from '../../src/output/default-name';
import { RecordingWriter } from '../../src/output/recording-writer';
import type { Sample } from '../../src/sample/sample';
import type { SampleSource } from '../../src/sources/source';
import type { ClassroomFeed } from '../../src/sources/source-command';
import { Poller, READ_LIMIT } from '../../src/timeline/poller';
import { formatSampleTime } from '../../src/timeline/time-text';
import { Timeline } from '../../src/timeline/timeline';
import { paint } from './painter';
import { themeFor, type Theme } from '../parts/theme';
import type { Line } from '../parts/line';
import { pageRows, renderFrame, scrollLength } from '../frame';
import { graphedGroup } from '../graph/graph-screens';
import { pageForSample } from '../guest/guest-screen';
import type { ChartView } from './chart-view';
import type { Effect, KeyEnv, KeyPress } from '../keys/binding';
import { handleKey } from '../keys/dispatch';
import { formatSpeed } from '../parts/status-line';
import { RowCache, selectedIndex } from '../rows';
import type { FrameInput } from '../screen';
import { KEY_BINDINGS } from '../screen-list';
import { holdStderrWhileOpen, openScreen } from './terminal';
import type { ScreenStreams, ScreenWithLines } from './blessed-types';
import { initialView, type ViewState } from '../view-state';
import { applyNoteView, describeNoteView } from '../lesson/lesson-view';
import { currentRow, outlineEntries, type OutlineEntry } from '../lesson/outline';

interface DashboardOptions extends Partial<ScreenStreams> {
  source: SampleSource;
  config: LoadedConfig;
  delaySeconds: number;
  speed: number;
  terminal: string;
  /** The colours (default dark). */
  theme?: ThemeName;
  maxHistory?: number;
  /** Install SIGTERM/SIGHUP/SIGINT handlers (the real CLI; not tests). */
  handleSignals?: boolean;
  /** Hold stderr while the screen is open and write it out after (the real CLI). */
  holdStderr?: boolean;
  /** Students watching (`sim --serve`): every committed sample goes to them. */
  classroom?: ClassroomFeed | null;
}

export class DashboardApp {
  readonly screen: ScreenWithLines;
  readonly timeline: Timeline;
  readonly poller: Poller;
  view: ViewState;
  readonly done: Promise<number>;
  private lines: Line[] = [];
  private finish!: (code: number) => void;
  private fail!: (err: unknown) => void;
  private ended = false;
  /** Signals end the dashboard in order (source closed, terminal restored), with the shell's 128 + n. */
  private readonly signalHandlers: [NodeJS.Signals, () => void][] = [
    ['SIGTERM', () => this.quit(143)],
    ['SIGHUP', () => this.quit(129)],
    ['SIGINT', () => this.quit(130)],
  ];
  /** Realtime sources: redraw when the connection state changes between polls (connecting, reconnecting). */
  private statusWatch: NodeJS.Timeout | null = null;
  private lastStatusKey = '';
  /** The source failed part way (a damaged file): the samples before are shown, the exit is the failure's. */
  private cutShort: UserError | null = null;
  /** `r`: the recording being written, if any. */
  private recorder: { writer: RecordingWriter; path: string } | null = null;
  /** `g`: the blessed-contrib charts, loaded and made on first use. */
  charts: ChartView | null = null;
  private readonly rowCache = new RowCache();
  /** Where students connect (`sim --serve`): shown once the first sample is on screen. */
  private classroomMessage: string | null = null;
  /** Time of the sample whose note's view was applied last (a lesson sets up the page). */
  private appliedViewAt: number | null = null;
  /** Every new sample, in time order: the diagnosis line, the `w` panel and REASON read it. */
  private readonly diagnoser = new Diagnoser();
  /** The diagnosis of the sample pushed last, and of the one browsed to (worked out once per sample). */
  private pushed: { sample: Sample; diagnosis: Diagnosis } | null = null;
  private browsed: { sample: Sample; diagnosis: Diagnosis } | null = null;
  readonly theme: Theme;

  constructor(private readonly opts: DashboardOptions) {
    this.done = new Promise<number>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    this.view = initialView(opts.config.rc.fields, opts.delaySeconds);
    this.timeline = new Timeline({ speed: opts.speed, maxHistory: opts.maxHistory });
    this.poller = new Poller(opts.source, this.timeline, {
      delaySeconds: opts.delaySeconds,
      onChange: () => this.render(),
      onError: (err) => this.end(err),
      onCutShort: (err) => {
        // What was read stays on screen; the failure is said now and again when the user quits.
        this.cutShort = err;
        this.message(err.message, 'error');
      },
      onSample: (s) => {
        this.record(s);
        this.pushed = { sample: s, diagnosis: this.diagnoser.push(s) };
        opts.classroom?.publish(s);
      },
    });
    this.screen = openScreen({ terminal: opts.terminal, input: opts.input, output: opts.output });
    this.theme = themeFor(opts.theme ?? 'dark', this.screen.tput.colors);
    if (opts.holdStderr) holdStderrWhileOpen(this.screen);
    // No widgets: every render paints the latest frame into the cell buffer, then blessed writes the difference.
    this.screen.on('prerender', () => paint(this.screen, this.lines, this.theme));
    this.screen.program.hideCursor();
    this.screen.on('keypress', (ch: string | undefined, key: KeyPress | undefined) => this.onKey({ ch, name: key?.name, full: key?.full }));
    this.screen.on('resize', () => this.render());
    if (opts.handleSignals) for (const [sig, h] of this.signalHandlers) process.on(sig, h);
    this.view = { ...this.view, message: startMessage(opts, this.timeline.speed) };
    if (opts.classroom) {
      this.classroomMessage = opts.classroom.startMessage;
      opts.classroom.onNotice((line) => {
        if (this.ended) return;
        this.message(line);
        this.render();
      });
    }
  }

  start(): Promise<number> {
    this.render();
    this.poller.start();
    const source = this.opts.source;
    if (source.status) {
      this.statusWatch = setInterval(() => {
        const st = source.status!();
        if (`${st.state}\n${st.message}` !== this.lastStatusKey) this.render();
      }, 1000);
      this.statusWatch.unref();
    }
    return this.done;
  }

  /** The diagnosis of the current sample: the one made when it came, or, browsing back, made again from the history kept. */
  diagnosisOf(sample: Sample | null): Diagnosis | null {
    if (!sample) return null;
    if (this.pushed?.sample === sample) return this.pushed.diagnosis;
    if (this.browsed?.sample !== sample) this.browsed = { sample, diagnosis: this.diagnoser.diagnoseAt(sample) };
    return this.browsed.diagnosis;
  }

  /** The lesson outline at the current sample. */
  private outline(): OutlineEntry[] {
    const t = this.timeline;
    const lesson = this.opts.source.lesson;
    const first = t.captions()[0];
    return outlineEntries({
      history: t.captions(),
      upcoming: lesson?.upcoming() ?? [],
      lessonStart: lesson?.start ?? (first && t.position().dropped === 0 ? t.timeAtAbsolute(0) : null),
      here: t.absoluteCursor,
    });
  }

  /** A note's view comes into force (a lesson sets up the page): applied once, then the user's. */
  private followLessonView(): void {
    const inForce = this.timeline.viewInForce();
    if (!inForce || inForce.time === this.appliedViewAt) return;
    this.appliedViewAt = inForce.time;
    this.view = { ...applyNoteView(this.view, inForce.view, this.timeline.current), message: { text: describeNoteView(inForce.view), level: 'info' } };
  }

  /** The frame for the current state and screen size (pure; also used by tests). */
  frameInput(): FrameInput {
    const t = this.timeline;
    const sample = t.current;
    const diagnosis = this.diagnosisOf(sample);
    return {
      lesson: {
        outline: this.view.screen === 'outline' ? this.outline() : [],
        endedAt: t.lessonEndedAt(),
        canAct: this.poller.canAct,
        hungryVm: this.opts.source.lesson?.hungryVm ?? null,
      },
      view: this.view,
      sample,
      rows: this.rowCache.rows(sample, this.view, diagnosis),
      diagnosis,
      notes: t.notes(),
      width: this.screen.width as number,
      height: this.screen.height as number,
      theme: this.theme.name,
      colours: this.screen.tput.colors,
      status: {
        info: this.opts.source.info,
        time: sample?.time ?? null,
        position: t.position(),
        paused: t.paused,
        atLast: t.atLast,
        speed: t.speed,
        delaySeconds: this.poller.delaySeconds,
        status: this.opts.source.status ? this.opts.source.status() : null,
        warnings: this.opts.source.warnings().reduce((n, w) => n + w.count, 0),
        recording: this.recorder ? { path: this.recorder.path, samples: this.recorder.writer.samplesWritten } : null,
        now: Date.now(),
        configFile: this.opts.config.readFrom ? shortPath(this.opts.config.readFrom) : null,
      },
    };
  }

  render(): void {
    if (this.ended) return;
    this.followLessonView();
    if (this.classroomMessage !== null && this.timeline.current) {
      this.message(this.classroomMessage);
      this.classroomMessage = null;
    }
    this.view = pageForSample(this.view, this.timeline.current);
    const input = this.frameInput();
    if (input.status.status) this.lastStatusKey = `${input.status.status.state}\n${input.status.status.message}`;
    const frame = renderFrame(input);
    this.lines = frame.lines;
    const sample = input.sample;
    if (frame.charts && 'charts' in frame.charts && sample) {
      // blessed-contrib loads with the first chart, not at start.
      this.charts ??= new (require('./chart-view') as typeof import('./chart-view')).ChartView(this.screen, this.theme);
      this.charts.update({ charts: frame.charts.charts, history: this.timeline, minFree: sample.host.values.minFree, state: sample.host.state, zoom: this.view.graphZoom });
    } else this.charts?.hide();
    this.screen.render();
  }

  quit(code = 0): void {
    this.end(null, code);
  }

  private end(failure: unknown, code = 0): void {
    if (this.ended) return;
    const err = failure ?? (code === 0 ? this.cutShort : null);
    this.ended = true;
    this.poller.stop();
    this.stopRecording();
    if (this.statusWatch) clearInterval(this.statusWatch);
    if (this.opts.handleSignals) for (const [sig, h] of this.signalHandlers) process.removeListener(sig, h);
    this.screen.destroy();
    if (err) this.fail(err instanceof UserError ? err : new UserError(`reading ${this.opts.source.info.label} failed: ${errorText(err)}`));
    else this.finish(code);
  }

  private onKey(key: KeyPress): void {
    if (this.ended) return;
    this.view = pageForSample(this.view, this.timeline.current);
    const input = this.frameInput();
    const env: KeyEnv = {
      rowCount: input.rows.length,
      pageRows: pageRows(input),
      defaultWritePath: this.opts.config.writePath,
      recording: this.recorder !== null,
      defaultRecordPath: defaultRecordingName(this.opts.source.info, this.timeline.current?.host.hostname ?? null, new Date()),
      scrollLength: scrollLength(input),
      selectedName: graphedGroup(input)?.name ?? null,
      selectedIsVm: input.rows[selectedIndex(this.view, input.rows)]?.kind === 'vm',
      canAct: this.poller.canAct,
      ...this.outlineEnv(),
      width: input.width,
    };
    const { view, effects } = handleKey(KEY_BINDINGS, this.view, key, env);
    this.view = view;
    for (const e of effects) this.apply(e);
    this.render();
  }

  private outlineEnv(): { outlineLength: number; outlineCurrent: number } {
    const rows = this.outline();
    return { outlineLength: rows.length, outlineCurrent: currentRow(rows) };
  }

  private message(text: string, level: 'info' | 'error' = 'info'): void {
    this.view = { ...this.view, message: { text, level } };
  }

  private apply(e: Effect): void {
    const p = this.poller;
    const realtime = p.realtime;
    switch (e.kind) {
      case 'quit':
        this.quit(0);
        return;
      case 'refresh':
        p.refresh();
        return;
      case 'pause': {
        const paused = p.togglePause();
        const text = paused ? (realtime ? 'paused: t/T browse the history, p goes back to LIVE' : 'paused: t/T step, J jumps, p resumes') : realtime ? 'back to LIVE' : 'playing';
        this.view = { ...this.view, message: { text, level: 'info', playState: paused ? 'paused' : 'playing' } };
        return;
      }
      case 'step':
        void p.step(e.delta).then((moved) => {
          if (!moved) this.message(e.delta > 0 ? (this.timeline.complete || realtime ? 'at the last sample' : 'the next sample is not read yet') : 'at the first sample in history');
          this.render();
        });
        return;
      case 'first':
        p.first();
        return;
      case 'last':
        void p.last().then((r) => {
          if (r.limited) this.message(`read ${READ_LIMIT.toLocaleString('en-US')} samples and the source goes on: End again reads more`);
          this.render();
        });
        return;
      case 'jump': {
        const cur = this.timeline.current;
        if (!cur) {
          this.message('no sample yet to jump from', 'error');
          return;
        }
        // date-fns' parser loads with the first jump, not at start.
        const { parseJumpTarget } = require('../../src/timeline/jump-target') as typeof import('../../src/timeline/jump-target');
        const target = parseJumpTarget(e.text, cur.time);
        if ('problem' in target) {
          this.message(`jump: ${target.problem}`, 'error');
          return;
        }
        void p.jump(target.time).then((r) => {
          const now = this.timeline.current;
          if (r.limited) this.message(`read ${READ_LIMIT.toLocaleString('en-US')} samples without reaching ${formatSampleTime(target.time)}: J again reads more`);
          else if (now && now.time > target.time) this.message(`nothing as early as ${formatSampleTime(target.time)}: showing the first sample in history (${formatSampleTime(now.time)})`);
          else if (now && now.time !== target.time) this.message(`no sample at ${formatSampleTime(target.time)}: showing the one at or before it (${formatSampleTime(now.time)})`);
          this.render();
        });
        return;
      }
      case 'faster':
      case 'slower': {
        const s = e.kind === 'faster' ? p.faster() : p.slower();
        this.message(realtime ? `speed applies to replays; live samples come every ${p.delaySeconds} s (s changes it)` : `speed ${formatSpeed(s)}`);
        return;
      }
      case 'delay': {
        const d = p.setDelay(e.seconds);
        if (!realtime) this.message(`delay ${d} s (written by W); a replay keeps the capture's own pace (+/- change the speed)`);
        return;
      }
      case 'record':
        try {
          const writer = RecordingWriter.open({ path: e.path, gzip: e.path.endsWith('.gz'), mode: 'create', source: this.opts.source.info });
          this.recorder = { writer, path: e.path };
          this.message(`recording every new sample to ${e.path} (r stops)`);
        } catch (err) {
          this.message((err as Error).message, 'error');
        }
        return;
      case 'stopRecording': {
        const done = this.stopRecording();
        if (done) this.message(`recorded ${done.samples} sample${done.samples === 1 ? '' : 's'} to ${done.path}`);
        return;
      }
      case 'caption':
        void p.toCaption(e.direction).then((moved) => {
          if (!moved) this.message(e.direction < 0 ? 'no earlier caption in history' : this.timeline.lessonEndedAt() !== null ? 'no later caption: the lesson has ended' : 'no later caption yet');
          this.render();
        });
        return;
      case 'toCaption': {
        const row = this.outline()[e.row];
        if (!row) return;
        const go = row.absolute !== null ? Promise.resolve(p.toAbsolute(row.absolute)) : p.toCaptionText(row.text);
        void go.then((moved) => {
          if (!moved && row.absolute === null) this.message('that caption has not come: its event did not happen in the samples read', 'error');
          this.render();
        });
        return;
      }
      case 'act': {
        const r = p.act(e.action);
        if (!r) this.message('actions need the simulated host (balloontop sim)', 'error');
        else if (!r.ok) this.message(r.message, 'error');
        else this.message(`${r.message}${this.timeline.paused ? ' (t shows it)' : ''}`);
        return;
      }
      case 'write': {
        const rc: EsxtopRc = { ...this.opts.config.rc, fields: this.view.layout, delaySeconds: this.view.delaySeconds, startPanel: 'm' };
        try {
          writeConfig(e.path, rc);
          const own = this.view.layout.visible.has('R') ? "; REASON is balloontop's own, not in esxtop's file: reason-column = on in balloontop.conf shows it at start" : '';
          this.message(`wrote ${e.path} (memory fields ${formatFieldLine(this.view.layout)}, delay ${this.view.delaySeconds} s)${own}`);
        } catch (err) {
          this.message((err as Error).message, 'error');
        }
        return;
      }
    }
  }

  /** A new sample from the source: append it to the recording, if one is open. */
  private record(sample: Sample): void {
    if (!this.recorder) return;
    try {
      this.recorder.writer.write(sample);
    } catch (err) {
      const path = this.recorder.path;
      this.stopRecording();
      this.message(`recording to ${path} stopped: ${(err as Error).message}`, 'error');
    }
  }

  private stopRecording(): { path: string; samples: number } | null {
    const r = this.recorder;
    if (!r) return null;
    this.recorder = null;
    try {
      r.writer.close();
    } catch {
      // Closing a file that could not be written: the error was already shown.
    }
    return { path: r.path, samples: r.writer.samplesWritten };
  }
}

/**
 * What the message line says at start, most pressing first: a config file
 * that could not be used, a speed outside the range, the file read, a start
 * panel balloontop does not have.
 */
function startMessage(opts: DashboardOptions, speed: number): ViewState['message'] {
  const { config } = opts;
  if (config.warning) return { text: config.warning, level: 'error' };
  if (speed !== opts.speed) {
    const which = speed > opts.speed ? 'slowest' : 'fastest';
    return { text: `--speed ${opts.speed} is beyond the ${which} pace, ${formatSpeed(speed)}: replaying at ${formatSpeed(speed)}`, level: 'error' };
  }
  const start = config.rc.startPanel.toLowerCase();
  if (start !== 'm') return { text: `the config starts esxtop on the '${start}' panel; balloontop shows the memory page`, level: 'info' };
  if (config.readFrom) return { text: `read ${shortPath(config.readFrom)} (memory fields ${formatFieldLine(config.rc.fields)}, delay ${config.rc.delaySeconds} s)`, level: 'info' };
  return null;
}
