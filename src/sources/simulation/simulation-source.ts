/**
 * The built-in simulated host as a `SampleSource`: a scenario, a seed and a
 * step. Simulated time starts at the scenario's start and advances by the
 * step at each sample; `next()` answers at once (realtime: false), so batch
 * output runs as fast as it can and the dashboard paces it by timestamps.
 * The simulation runs on after the lesson's timeline ends.
 */
import type { Sample, SampleNote } from '../../sample/sample';
import type { SampleSource, SourceInfo, SourceWarning } from '../source';
import { HostModel } from './model/host-model';
import { buildSample } from './sample-builder';
import { applyEvent } from './model/timeline-events';
import type { Scenario } from './scenario/scenario';
import { sampleTime } from '../../sample/sample-time';
import { WarningCounter } from '../warnings';

interface SimulationOptions {
  seed: number;
  /** Seconds between samples (`-d`). */
  stepSeconds: number;
}

export const DEFAULT_SEED = 1;

export class SimulationSource implements SampleSource {
  readonly info: SourceInfo;
  readonly model: HostModel;
  private index = 0;
  private nextEvent = 0;
  private closed = false;
  private ended = false;
  private readonly warn = new WarningCounter();

  constructor(
    readonly scenario: Scenario,
    readonly options: SimulationOptions,
  ) {
    if (!(options.stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
    this.info = { kind: 'simulation', label: `${scenario.name} (simulated, seed ${options.seed})`, realtime: false };
    this.model = new HostModel(scenario, options.seed);
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
    const notes: SampleNote[] = [];
    const tl = this.scenario.timeline;
    const due = () => this.nextEvent < tl.length && tl[this.nextEvent].at <= t;
    if (this.index === 0) {
      while (due()) notes.push(...applyEvent(this.model, tl[this.nextEvent++]));
      this.model.boot();
    } else {
      while (due()) notes.push(...applyEvent(this.model, tl[this.nextEvent++]));
      notes.push(...this.model.step(step));
    }
    const time = this.timeAt(this.index);
    this.index++;
    return buildSample(this.model, time, notes);
  }

  warnings(): SourceWarning[] {
    return this.warn.list();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
