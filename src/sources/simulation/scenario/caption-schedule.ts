/**
 * Which captions of a lesson show on which sample: a timed caption on the
 * first sample at or after its time, a caption tied to an event on the first
 * sample (at or after its time) where the event is seen; the lesson's view
 * rides on the first sample's first caption, each caption's own view on its
 * note; the end of the lesson is a caption of its own.
 */
import type { Sample, SampleNote } from '../../../sample/sample';
import type { UpcomingCaption } from '../../source';
import type { Caption, Scenario, TimelineEvent } from './scenario';
import { describeTrigger, fires } from './triggers';
import { formatLessonTime } from './time-spec';

export type NarrateEvent = Extract<TimelineEvent, { action: 'narrate' }>;

export interface ScheduleState {
  shownAt: (number | null)[];
  prev: Sample | null;
  ended: boolean;
}

export class CaptionSchedule {
  readonly captions: readonly NarrateEvent[];
  private shownAt: (number | null)[];
  private prev: Sample | null = null;
  private ended = false;

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
    const notes: SampleNote[] = [];
    const shown: NarrateEvent[] = [];
    this.captions.forEach((c, i) => {
      if (this.shownAt[i] !== null || c.at > t) return;
      if (c.when && !fires(c.when, this.prev, sample, oomKilled)) return;
      this.shownAt[i] = sample.time;
      shown.push(c);
      notes.push(noteOf(c));
    });
    if (!this.ended && t >= this.scenario.durationS) {
      this.ended = true;
      notes.push({ text: `End of the lesson (${formatLessonTime(this.scenario.durationS)}). The simulated host runs on.`, pause: true, end: true });
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

  upcoming(): UpcomingCaption[] {
    return this.captions
      .filter((_c, i) => this.shownAt[i] === null)
      .map((c) => ({ at: c.at, when: c.when ? `${c.optional ? 'if and ' : ''}${describeTrigger(c.when)}` : null, text: c.text, pause: c.pause }));
  }

  state(): ScheduleState {
    return { shownAt: [...this.shownAt], prev: this.prev, ended: this.ended };
  }

  restore(s: ScheduleState): void {
    this.shownAt = [...s.shownAt];
    this.prev = s.prev;
    this.ended = s.ended;
  }
}

function noteOf(c: Caption): SampleNote {
  const note: SampleNote = { text: c.text, pause: c.pause };
  if (c.view) note.view = c.view;
  return note;
}
