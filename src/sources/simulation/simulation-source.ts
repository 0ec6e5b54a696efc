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

  constructor(
    readonly scenario: Scenario,
    readonly options: SimulationOptions,
  ) {
    if (!(options.stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
    this.info = { kind: 'simulation', label: `${scenario.name} (simulated, seed ${options.seed})`, realtime: false };
    this.model = new HostModel(scenario, options.seed);
  }

  async next(): Promise<Sample | null> {
    return this.closed ? null : this.nextSample();
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
    this.index++;
    return buildSample(this.model, this.scenario.start + Math.round(t * 1000), notes);
  }

  warnings(): SourceWarning[] {
    return [];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
