/**
 * The built-in simulated host as a `SampleSource`: a scenario, a seed and a
 * step. Simulated time starts at the scenario's start and advances by the
 * step at each sample; `next()` answers at once (realtime: false), so batch
 * output runs as fast as it can and the dashboard paces it by timestamps.
 * The simulation runs on after the lesson's timeline ends.
 *
 * An instructor can act on the host (`act`): the action applies from the
 * sample after the last one the class has seen. Samples made beyond it (read
 * ahead by the dashboard) are made again, from a snapshot kept for each of
 * the last few samples.
 */
import type { Sample, SampleNote } from '../../sample/sample';
import type { ActionResult, LessonInfo, PlannedGroup, SampleSource, SourceAction, SourceInfo, SourceWarning } from '../source';
import { HostModel, type ModelSnapshot } from './model/host-model';
import { applyAction } from './model/instructor-actions';
import { buildSample } from './sample-builder';
import { applyEvent } from './model/timeline-events';
import { CaptionSchedule, type NarrateEvent, type ScheduleState } from './scenario/caption-schedule';
import type { Scenario } from './scenario/scenario';
import { sampleTime } from '../../sample/sample-time';
import { WarningCounter } from '../warnings';

interface SimulationOptions {
  seed: number;
  /** Seconds between samples (`-d`). */
  stepSeconds: number;
  /**
   * Keep a snapshot of the last few samples, so that an instructor's action
   * goes back to the last sample the class has seen (the dashboard); batch
   * output and recordings, which nobody acts on, save the copies.
   */
  rewindable?: boolean;
}

export const DEFAULT_SEED = 1;

const NO_KILLS: ReadonlySet<string> = new Set();

/**
 * Samples whose moment an instructor's action can still go back to: the
 * dashboard reads a few ahead, and a search for the next caption reads on
 * up to 2,000. As many as 20,000 copies of a VM allow (a lesson's few VMs:
 * thousands of samples), and at least 16.
 */
const SNAPSHOT_VM_COPIES = 20_000;
const MIN_SNAPSHOTS = 16;

interface Snapshot {
  time: number;
  index: number;
  nextEvent: number;
  model: ModelSnapshot;
  schedule: ScheduleState;
  kills: { seen: number; byVm: number[] };
}

export class SimulationSource implements SampleSource {
  readonly info: SourceInfo;
  readonly model: HostModel;
  readonly lesson: LessonInfo;
  /** Told of each caption as it shows, with the sample it shows on (the lesson checker listens). */
  onCaption: ((caption: NarrateEvent, sample: Sample) => void) | null = null;
  private readonly schedule: CaptionSchedule;
  private index = 0;
  private nextEvent = 0;
  private closed = false;
  private ended = false;
  private readonly warn = new WarningCounter();
  /** Captions of the instructor's actions, for the next sample. */
  private pending: SampleNote[] = [];
  private snapshots: Snapshot[] = [];
  /** Time of the newest sample made. */
  private newest: number | null = null;
  /** OOM kills seen so far, in all and per VM (a caption may wait for one). */
  private killsSeen = 0;
  private killsByVm: number[] = [];
  /** Actions applied after a sample, by its time: going back to that sample applies them again. */
  private actions: { after: number; action: SourceAction }[] = [];

  constructor(
    readonly scenario: Scenario,
    readonly options: SimulationOptions,
  ) {
    if (!(options.stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
    this.info = { kind: 'simulation', label: `${scenario.name} (simulated, seed ${options.seed})`, realtime: false };
    this.model = new HostModel(scenario, options.seed);
    this.schedule = new CaptionSchedule(scenario);
    this.lesson = { name: scenario.name, start: scenario.start, durationS: scenario.durationS, hungryVm: scenario.hungryVm.name, upcoming: () => this.schedule.upcoming() };
  }

  async next(): Promise<Sample | null> {
    if (this.closed || this.ended) return null;
    if (sampleTime(this.timeAt(this.index)) === null) {
      // Simulated time runs on as long as it is asked to; a sample cannot be dated after 2100.
      this.ended = true;
      this.warn.add('end', `${this.info.label}: the simulated time reached the end of 2100 after ${this.index} samples; the simulation stops there`);
      return null;
    }
    return this.nextSample();
  }

  private timeAt(index: number): number {
    return this.scenario.start + Math.round(index * this.options.stepSeconds * 1000);
  }

  /** The next sample, synchronously (tests and benchmarks). */
  nextSample(): Sample {
    const step = this.options.stepSeconds;
    const t = this.index * step;
    const notes: SampleNote[] = this.pending;
    this.pending = [];
    const tl = this.scenario.timeline;
    while (this.nextEvent < tl.length && tl[this.nextEvent].at <= t) {
      const ev = tl[this.nextEvent++];
      if (ev.action !== 'narrate') notes.push(...applyEvent(this.model, ev));
    }
    if (this.index === 0) this.model.boot();
    else {
      const stepNotes = this.model.step(step);
      if (stepNotes.length > 0) notes.push(...stepNotes);
    }
    const sample = buildSample(this.model, this.timeAt(this.index), notes);
    const due = this.schedule.due(t, sample, this.oomKilled());
    if (due.notes.length > 0) notes.push(...due.notes);
    const withView = this.index === 0 ? this.schedule.openingView(notes) : notes;
    if (withView.length > 0) sample.notes = withView;
    this.index++;
    this.keepSnapshot(sample.time);
    for (const c of due.shown) this.onCaption?.(c, sample);
    return sample;
  }

  /** The VMs whose guest killed a process since the last call (read from the model's counts). */
  private oomKilled(): ReadonlySet<string> {
    let total = 0;
    for (const vm of this.model.vms) total += vm.oomKills;
    if (total === this.killsSeen) return NO_KILLS;
    const killed = new Set<string>();
    this.model.vms.forEach((vm, i) => {
      if (vm.oomKills > (this.killsByVm[i] ?? 0)) killed.add(vm.spec.name);
      this.killsByVm[i] = vm.oomKills;
    });
    this.killsSeen = total;
    return killed;
  }

  plannedGroups(): PlannedGroup[] {
    return this.model.vms.filter((vm) => vm !== this.model.hungryVm).map((vm) => ({ gid: vm.gid, name: vm.spec.name, kind: 'vm' }));
  }

  act(action: SourceAction, after: number | null): ActionResult {
    const back = after === null || after === this.newest ? undefined : this.snapshots.find((s) => s.time === after);
    if (back) this.rewind(back);
    const moment = back ? back.time : this.newest;
    const outcome = applyAction(this.model, action);
    if (!outcome.ok) return { ok: false, message: outcome.text, redoAfter: null };
    this.schedule.changed = true;
    this.pending.push({ text: outcome.text, pause: false });
    if (moment !== null && this.options.rewindable) this.actions.push({ after: moment, action });
    return { ok: true, message: outcome.text, redoAfter: back ? back.time : null };
  }

  warnings(): SourceWarning[] {
    return this.warn.list();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private keepSnapshot(time: number): void {
    this.newest = time;
    if (!this.options.rewindable) return;
    this.snapshots.push({ time, index: this.index, nextEvent: this.nextEvent, model: this.model.snapshot(), schedule: this.schedule.state(), kills: { seen: this.killsSeen, byVm: [...this.killsByVm] } });
    if (this.snapshots.length > Math.max(MIN_SNAPSHOTS, Math.floor(SNAPSHOT_VM_COPIES / this.model.vms.length))) this.snapshots.shift();
    const oldest = this.snapshots[0].time;
    this.actions = this.actions.filter((a) => a.after >= oldest);
  }

  /** Back to the moment just after the sample `s` was made, with the actions applied after it then. */
  private rewind(s: Snapshot): void {
    this.index = s.index;
    this.nextEvent = s.nextEvent;
    this.model.restore(s.model);
    this.schedule.restore(s.schedule);
    this.killsSeen = s.kills.seen;
    this.killsByVm = [...s.kills.byVm];
    this.snapshots = this.snapshots.filter((x) => x.time <= s.time);
    this.newest = s.time;
    this.pending = [];
    const again = this.actions.filter((a) => a.after === s.time);
    this.actions = this.actions.filter((a) => a.after < s.time);
    for (const a of again) this.act(a.action, null);
  }
}
