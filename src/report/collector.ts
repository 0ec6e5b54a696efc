/**
 * Gathers a report from samples pushed one by one: the diagnosis, the
 * host's time in each state and its transitions, each group's peaks of
 * balloon, swap and compression, and downsampled series for charts.
 * O(groups) per sample and bounded memory (the series are bucketed, the
 * transitions capped, the diagnosis history bounded), so a run of any length
 * can be reported.
 */
import type { CounterId } from '../fields/group-fields';
import { codesOf, FINDING_CODES, isConsequence, type FindingCode } from '../diagnosis/codes';
import { describe, type WordOptions } from '../diagnosis/describe';
import { Diagnoser } from '../diagnosis/engine';
import type { Episode, ScopeTrack } from '../diagnosis/episodes';
import { priority } from '../diagnosis/priority';
import { num, readHost, SIZE_MB } from '../diagnosis/readings';
import { MEM_STATES } from '../sample/mem-state';
import type { GuestSection } from '../sample/guest';
import type { GroupKind, Sample } from '../sample/sample';
import type { SourceInfo } from '../sources/source';
import { DownsampledSeries } from './downsampled-series';
import type { ChartData, Peak, ReportData, ReportFinding, ReportGroup, ReportGuest, StateName, Transition } from './report-data';
import type { KillBalloon } from '../diagnosis/guest-kills';
import { timeFormatFor } from './time-format';

/** Transitions kept for the report; more are counted. */
export const MAX_TRANSITIONS = 500;

/** An interval longer than this many times the shortest one (and over a minute) is a gap, not time in a state. */
const GAP_FACTOR = 10;
const MIN_GAP_MS = 60_000;

const KINDS = ['balloon', 'swap', 'compression'] as const;
type Kind = (typeof KINDS)[number];
const COLUMN: Record<Kind, CounterId> = { balloon: 'MCTLSZ', swap: 'SWCUR', compression: 'CACHEUSD' };

interface PeakTrack extends Peak {
  /** Taken (>= 1 MB) at this group's latest sample. */
  now: boolean;
}

interface GroupStats {
  gid: number;
  name: string;
  kind: GroupKind;
  memsz: number | null;
  peaks: Record<Kind, PeakTrack | null>;
}

export class ReportCollector {
  readonly diagnoser = new Diagnoser();
  private readonly series = new DownsampledSeries();
  private readonly stats = new Map<number, GroupStats>();
  private readonly stateTime = new Map<StateName, { ms: number; samples: number }>();
  private readonly transitions: Transition[] = [];
  private transitionsOmitted = 0;
  private count = 0;
  private first = NaN;
  private last = NaN;
  private lastSample: Sample | null = null;
  private lastState: StateName | null = null;
  private minStep = Infinity;
  private gaps = { count: 0, ms: 0 };
  private hostname: string | null = null;
  private machineMB: number | null = null;
  private minFreeMB: number | null = null;
  private free: ReportData['free'] = null;
  /** Groups of the previous sample, whose taken memory counts until this one. */
  private previousGroups: GroupStats[] = [];
  /** A guest's own view: its last section, where each of its OOM kills stands, and its balloon's peak. */
  private guest: { last: GuestSection; lastAt: number; kills: KillBalloon[]; balloon: PeakTrack | null } | null = null;

  /** Takes a sample. The very same sample again, or one earlier than the last, is left out. */
  push(sample: Sample): void {
    if (sample === this.lastSample || sample.time < this.last) return;
    const t = sample.time;
    const h = readHost(sample.host);
    const state: StateName = h.state ?? 'unknown';
    if (this.count > 0) this.countInterval(t - this.last);
    else this.first = t;
    if (this.lastState !== null && this.lastState !== state) {
      if (this.transitions.length < MAX_TRANSITIONS) this.transitions.push({ at: t, from: this.lastState, to: state });
      else this.transitionsOmitted++;
    }
    const st = this.stateTime.get(state) ?? { ms: 0, samples: 0 };
    st.samples++;
    this.stateTime.set(state, st);
    this.lastState = state;

    this.hostname = sample.host.hostname ?? this.hostname;
    this.machineMB = num(sample.host.values.machine) ?? this.machineMB;
    this.minFreeMB = h.minFree ?? this.minFreeMB;
    if (h.free !== null) {
      if (!this.free) this.free = { min: h.free, minAt: t, max: h.free, maxAt: t };
      else {
        if (h.free < this.free.min) Object.assign(this.free, { min: h.free, minAt: t });
        if (h.free > this.free.max) Object.assign(this.free, { max: h.free, maxAt: t });
      }
    }

    this.series.begin(t);
    this.series.add('free', h.free);
    this.series.add('minFree', h.minFree);
    const current: GroupStats[] = [];
    for (const g of sample.groups) {
      let s = this.stats.get(g.gid);
      if (!s) this.stats.set(g.gid, (s = { gid: g.gid, name: g.name, kind: g.kind, memsz: null, peaks: { balloon: null, swap: null, compression: null } }));
      s.name = g.name;
      s.kind = g.kind;
      s.memsz = num(g.values.MEMSZ) ?? s.memsz;
      for (const kind of KINDS) s.peaks[kind] = notePeak(s.peaks[kind], num(g.values[COLUMN[kind]]), t);
      if (g.kind === 'vm') {
        this.series.add(`${g.gid}:balloon`, num(g.values.MCTLSZ));
        this.series.add(`${g.gid}:swap`, num(g.values.SWCUR));
        this.series.add(`${g.gid}:max`, num(g.values.MCTLMAX));
      }
      current.push(s);
    }
    this.previousGroups = current;
    const d = this.diagnoser.push(sample);
    if (sample.guest) this.noteGuest(sample.guest, d.guestKills, t);
    this.count++;
    this.last = t;
    this.lastSample = sample;
  }

  get samples(): number {
    return this.count;
  }

  /** The interval since the previous sample counts for the previous sample's state and each group's taken memory. */
  private countInterval(dt: number): void {
    if (dt > 0) this.minStep = Math.min(this.minStep, dt);
    if (dt > Math.max(MIN_GAP_MS, GAP_FACTOR * this.minStep)) {
      this.gaps.count++;
      this.gaps.ms += dt;
      return;
    }
    const st = this.stateTime.get(this.lastState as StateName);
    if (st) st.ms += dt;
    for (const s of this.previousGroups) for (const kind of KINDS) {
      const p = s.peaks[kind];
      if (p && p.now) p.ms += dt;
    }
    const g = this.guest?.balloon;
    if (g && g.now) g.ms += dt;
  }

  private noteGuest(section: GuestSection, kills: KillBalloon[], t: number): void {
    const g = (this.guest ??= { last: section, lastAt: t, kills, balloon: null });
    g.last = section;
    g.lastAt = t;
    g.kills = kills;
    g.balloon = notePeak(g.balloon, num(section.values.balloonMB), t);
  }

  /** The guest's part of the report, or null when no guest sample came. */
  private guestReport(words: WordOptions): ReportGuest | null {
    const g = this.guest;
    const track = this.diagnoser.guest();
    if (!g) return null;
    const kills = (g.last.oomKills ?? []).map((kill, i) => ({ kill, balloon: g.kills[i] }));
    return { last: g.last, lastAt: g.lastAt, balloon: peakOf(g.balloon), findings: track ? reportFindings(track, words) : [], kills };
  }

  /** The report of everything pushed so far. */
  finish(source: SourceInfo, warnings: string[], failure: string | null): ReportData {
    const words: WordOptions = { time: timeFormatFor(this.first, this.last) };
    const groups: ReportGroup[] = [];
    for (const track of this.diagnoser.groups()) {
      const s = this.stats.get(track.gid as number);
      const findings = reportFindings(track, words);
      const peak = (k: Kind) => peakOf(s?.peaks[k] ?? null);
      const g: ReportGroup = {
        gid: track.gid as number, name: track.name, kind: track.kind as GroupKind, memsz: s?.memsz ?? null,
        balloon: peak('balloon'), swap: peak('swap'), compression: peak('compression'), findings,
      };
      if (findings.length > 0 || g.balloon || g.swap || g.compression) groups.push(g);
    }
    const taken = (g: ReportGroup) => (g.balloon?.peak ?? 0) + (g.swap?.peak ?? 0) + (g.compression?.peak ?? 0);
    groups.sort((a, b) => taken(b) - taken(a) || a.name.localeCompare(b.name) || a.gid - b.gid);

    const chartGroups: ChartData['groups'] = new Map();
    for (const g of groups) {
      if (g.kind !== 'vm' || taken(g) === 0) continue;
      chartGroups.set(g.gid, {
        balloon: this.series.get(`${g.gid}:balloon`) ?? null,
        swap: this.series.get(`${g.gid}:swap`) ?? null,
        balloonMax: this.series.get(`${g.gid}:max`) ?? null,
      });
    }
    const order: StateName[] = [...MEM_STATES, 'unknown'];
    return {
      source: { kind: source.kind, label: source.label },
      hostname: this.hostname,
      samples: this.count,
      from: this.first,
      to: this.last,
      stepMs: Number.isFinite(this.minStep) ? this.minStep : null,
      gaps: { ...this.gaps },
      machineMB: this.machineMB,
      minFreeMB: this.minFreeMB,
      states: order.filter((s) => this.stateTime.has(s)).map((s) => ({ state: s, ...(this.stateTime.get(s) as { ms: number; samples: number }) })),
      transitions: [...this.transitions],
      transitionsOmitted: this.transitionsOmitted,
      free: this.free ? { ...this.free } : null,
      hostFindings: reportFindings(this.diagnoser.host(), words),
      groups,
      guest: this.guestReport(words),
      charts: {
        times: this.series.times(),
        samplesPerBucket: this.series.samplesPerBucket,
        hostFree: this.series.get('free') ?? null,
        minFree: this.series.get('minFree') ?? null,
        groups: chartGroups,
      },
      warnings,
      failure,
    };
  }
}

/** A running peak as the report gives it. */
function peakOf(p: PeakTrack | null): Peak | null {
  return p ? { peak: p.peak, peakAt: p.peakAt, first: p.first, last: p.last, ms: p.ms, samples: p.samples } : null;
}

/** A peak followed sample by sample: a value of at least 1 MB is taken (and counts toward the peak); less is not. */
function notePeak(p: PeakTrack | null, value: number | null, t: number): PeakTrack | null {
  const taken = value !== null && value >= SIZE_MB;
  if (!taken) {
    if (p) p.now = false;
    return p;
  }
  if (!p) return { peak: value, peakAt: t, first: t, last: t, ms: 0, samples: 1, now: true };
  p.now = true;
  p.last = t;
  p.samples++;
  if (value > p.peak) {
    p.peak = value;
    p.peakAt = t;
  }
  return p;
}

/** A scope's episodes as report findings, most telling first, then in time order. */
function reportFindings(track: ScopeTrack, words: WordOptions): ReportFinding[] {
  const out: { f: ReportFinding; rank: number }[] = [];
  for (const code of FINDING_CODES) {
    for (const e of track.episodes(code)) out.push({ f: reportFinding(e, track.lastSeen, words), rank: priority(e.peak) });
  }
  out.sort((a, b) => b.rank - a.rank || a.f.from - b.f.from);
  return out.map((x) => x.f);
}

function reportFinding(e: Episode, lastSeen: number, words: WordOptions): ReportFinding {
  const causes: FindingCode[] = codesOf(e.causeBits);
  const facts = { ...e.peak, causes };
  const w = describe(facts, words);
  return {
    code: e.code,
    from: e.from,
    to: e.to,
    ongoing: e.to === lastSeen,
    sinceFirstSample: e.sinceFirstSample,
    samples: e.samples,
    runs: e.merged + 1,
    peakAt: e.peakAt,
    variant: e.peak.variant,
    short: w.short,
    text: w.text,
    explanation: w.explanation,
    evidence: e.peak.evidence,
    causes,
    // A consequence is inferred only when nothing in its episode named a cause.
    inferred: e.peak.inferred && !(isConsequence(e.code) && causes.length > 0),
    weight: e.peak.weight,
  };
}
