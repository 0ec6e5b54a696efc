/**
 * The history the diagnosis keeps: for the host and each group, for each
 * code, the runs of consecutive samples in which the finding held
 * ("episodes"). This is what "since when" and "the pressure has ended" are
 * read from, and what a report lists.
 *
 * Memory is bounded: at most MAX_EPISODES per group and code; beyond that the
 * two episodes closest in time are merged into one (a finding that flaps
 * thousands of times is reported as fewer, longer episodes).
 */
import type { GroupKind } from '../sample/sample';
import { codeIndex, FINDING_CODES, type FindingCode } from './codes';
import type { FindingFacts } from './finding';

export const MAX_EPISODES = 16;

export interface Episode {
  code: FindingCode;
  gid: number | null;
  /** First and last sample time it held (ms UTC). */
  from: number;
  to: number;
  /** Samples it held in. */
  samples: number;
  /** It held at the first sample of its group (or host): it may have begun before the data. */
  sinceFirstSample: boolean;
  /** The facts at the sample that showed it most strongly (highest weight), and that sample's time. */
  peak: FindingFacts;
  peakAt: number;
  /** Bits (codeBits) of every cause named during the episode. */
  causeBits: number;
  /** Episodes merged into this one to bound memory. */
  merged: number;
}

/** The history of one scope: the host (gid null), one group, or a guest's own view (gid null). */
export class ScopeTrack {
  /** Time of the first and of the latest sample this scope was in. */
  firstSeen = NaN;
  lastSeen = NaN;
  name: string;
  kind: GroupKind | 'host' | 'guest';
  private readonly byCode = new Array<Episode[] | undefined>(FINDING_CODES.length);

  constructor(
    readonly gid: number | null,
    name: string,
    kind: GroupKind | 'host' | 'guest',
  ) {
    this.name = name;
    this.kind = kind;
  }

  episodes(code: FindingCode): readonly Episode[] {
    return this.byCode[codeIndex(code)] ?? [];
  }

  /** Every episode of every code, by code then time. */
  allEpisodes(): Episode[] {
    return this.byCode.flatMap((list) => list ?? []);
  }

  /**
   * Records that `f` holds at time `t` (called before `seen(t)`): extends the
   * episode that held at this scope's previous sample, or opens a new one.
   * Returns the episode.
   */
  record(f: FindingFacts, t: number, causeBits: number): Episode {
    const i = codeIndex(f.code);
    let list = this.byCode[i];
    if (!list) list = this.byCode[i] = [];
    const last = list[list.length - 1];
    if (last && last.to === this.lastSeen) {
      last.to = t;
      last.samples++;
      last.causeBits |= causeBits;
      if (f.weight > last.peak.weight) {
        last.peak = f;
        last.peakAt = t;
      }
      return last;
    }
    const e: Episode = {
      code: f.code, gid: this.gid, from: t, to: t, samples: 1,
      sinceFirstSample: Number.isNaN(this.lastSeen), peak: f, peakAt: t, causeBits, merged: 0,
    };
    list.push(e);
    if (list.length > MAX_EPISODES) mergeClosest(list);
    return list[list.length - 1];
  }

  /** The scope was in the sample at time `t`. */
  seen(t: number): void {
    if (Number.isNaN(this.firstSeen)) this.firstSeen = t;
    this.lastSeen = t;
  }

  /** The episode of `code` that holds at `t` (from <= t <= to), or null. */
  episodeAt(code: FindingCode, t: number): Episode | null {
    const list = this.byCode[codeIndex(code)];
    if (!list) return null;
    const i = lastStartingAtOrBefore(list, t);
    return i >= 0 && list[i].to >= t ? list[i] : null;
  }

  /** The last episode of `code` that ended before `t` (to < t), or null. */
  endedBefore(code: FindingCode, t: number): Episode | null {
    const list = this.byCode[codeIndex(code)];
    if (!list) return null;
    for (let i = lastStartingAtOrBefore(list, t); i >= 0; i--) if (list[i].to < t) return list[i];
    return null;
  }

  /** The episode of `code` that held at this scope's latest sample (it continues if the finding holds now), or null. */
  running(code: FindingCode): Episode | null {
    const list = this.byCode[codeIndex(code)];
    const last = list?.[list.length - 1];
    return last && last.to === this.lastSeen ? last : null;
  }
}

function lastStartingAtOrBefore(list: readonly Episode[], t: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].from <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Merges the two neighbouring episodes with the shortest gap between them. */
function mergeClosest(list: Episode[]): void {
  let best = 0;
  for (let i = 1; i < list.length - 1; i++) {
    if (list[i + 1].from - list[i].to < list[best + 1].from - list[best].to) best = i;
  }
  const a = list[best];
  const b = list[best + 1];
  const peakFromB = b.peak.weight > a.peak.weight;
  list.splice(best, 2, {
    ...a,
    to: b.to,
    samples: a.samples + b.samples,
    peak: peakFromB ? b.peak : a.peak,
    peakAt: peakFromB ? b.peakAt : a.peakAt,
    causeBits: a.causeBits | b.causeBits,
    merged: a.merged + b.merged + 1,
  });
}
