/**
 * Which captions of a lesson show on which sample: a timed caption on the
 * first sample at or after its time, a caption tied to an event on the first
 * sample (at or after its time) where the event is seen; the lesson's view
 * rides on the first sample's first caption, each caption's own view on its
 * note; the end of the lesson is a caption of its own.
 *
 * A caption whose claims do not hold on its sample is left out, and a short
 * note says so: after an instructor's action the host may no longer be the
 * one the lesson was written for (or a seed nobody checked went elsewhere),
 * and a caption must never say what the screen does not show.
 */
import type { Sample, SampleNote } from '../../../sample/sample';
import type { UpcomingCaption } from '../../source';
import type { Caption, Scenario, TimelineEvent } from './scenario';
import { claimFailure } from './claims';
import { describeTrigger, fires } from './triggers';
import { formatLessonTime } from './time-spec';

export type NarrateEvent = Extract<TimelineEvent, { action: 'narrate' }>;

export interface ScheduleState {
  shownAt: (number | null)[];
  prev: Sample | null;
  ended: boolean;
  changed: boolean;
}

const NOTHING_DUE: { notes: SampleNote[]; shown: NarrateEvent[] } = { notes: [], shown: [] };

export class CaptionSchedule {
  readonly captions: readonly NarrateEvent[];
  private shownAt: (number | null)[];
  private prev: Sample | null = null;
  private ended = false;
  /** The instructor has acted on the host: the lesson's own course is changed. */
  changed = false;

  constructor(private readonly scenario: Scenario) {
    this.captions = scenario.timeline.filter((e): e is NarrateEvent => e.action === 'narrate');
    this.shownAt = this.captions.map(() => null);
  }

  /**
   * The captions that show on `sample`, made `t` seconds into the lesson
   * (`oomKilled`: VMs whose guest killed a process in that step), as notes,
   * with the captions themselves.
   */
  due(t: number, sample: Sample, oomKilled: ReadonlySet<string>): { notes: SampleNote[]; shown: NarrateEvent[] } {
    if (this.ended && this.shownAt.every((x) => x !== null)) return NOTHING_DUE;
    const notes: SampleNote[] = [];
    const shown: NarrateEvent[] = [];
    this.captions.forEach((c, i) => {
      if (this.shownAt[i] !== null || c.at > t) return;
      if (c.when && !fires(c.when, this.prev, sample, oomKilled)) return;
      this.shownAt[i] = sample.time;
      shown.push(c);
      if (c.claims.every((claim) => claimFailure(claim, sample) === null)) notes.push(noteOf(c));
      else notes.push({ text: leftOut(c.text, this.changed), pause: false });
    });
    if (!this.ended && t >= this.scenario.durationS) {
      this.ended = true;
      notes.push({ text: endText(this.scenario.durationS), pause: true, end: true });
    }
    this.prev = sample;
    return { notes, shown };
  }

  /** The lesson's own view, on the first sample: on its first caption, or on a title caption when it has none. */
  openingView(notes: SampleNote[]): SampleNote[] {
    const view = this.scenario.view;
    if (!view) return notes;
    if (notes.length === 0) return [{ text: `Lesson ${this.scenario.name}: ${this.scenario.description}`, pause: false, view }];
    const [first, ...rest] = notes;
    return [{ ...first, view: { ...view, ...first.view } }, ...rest];
  }

  /** The captions still to come, the end of the lesson last. */
  upcoming(): UpcomingCaption[] {
    const rows = this.captions
      .filter((_c, i) => this.shownAt[i] === null)
      .map((c): UpcomingCaption => ({ at: c.at, when: c.when ? `${c.optional ? 'if and ' : ''}${describeTrigger(c.when)}` : null, text: c.text, pause: c.pause }));
    if (!this.ended) rows.push({ at: this.scenario.durationS, when: null, text: endText(this.scenario.durationS), pause: true, end: true });
    return rows;
  }

  state(): ScheduleState {
    return { shownAt: [...this.shownAt], prev: this.prev, ended: this.ended, changed: this.changed };
  }

  restore(s: ScheduleState): void {
    this.shownAt = [...s.shownAt];
    this.prev = s.prev;
    this.ended = s.ended;
    this.changed = s.changed;
  }
}

function endText(durationS: number): string {
  return `End of the lesson (${formatLessonTime(durationS)}). The simulated host runs on.`;
}

/** What shows instead of a caption the host does not bear out. */
function leftOut(text: string, changed: boolean): string {
  const words = text.split(/\s+/).slice(0, 6).join(' ');
  return changed
    ? `(After the instructor's change, the lesson's caption "${words}..." no longer applies: left out.)`
    : `(The lesson's caption "${words}..." does not match this run: left out.)`;
}

function noteOf(c: Caption): SampleNote {
  const note: SampleNote = { text: c.text, pause: c.pause };
  if (c.view) note.view = c.view;
  return note;
}
