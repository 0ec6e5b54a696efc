/**
 * The diagnosis engine: feed it samples in time order, one by one; each push
 * costs O(groups) and the history it keeps is bounded (episodes.ts). It
 * answers for the sample just pushed (`push`) and for any earlier sample
 * still in a caller's history (`diagnoseAt`), with the time each finding has
 * held since. Pure: no I/O, no terminal, no clock.
 */
import type { Group, Sample } from '../sample/sample';
import { codeBits } from './codes';
import type { Diagnosis, Finding, GroupDiagnosis } from './finding';
import { ScopeTrack, type Episode } from './episodes';
import { byPriority } from './priority';
import { readHost } from './readings';
import { GuestKills, type KillBalloon } from './guest-kills';
import { guestFindings } from './guest-rules';
import { addToSummary, emptySummary, hostConsequences, hostPressure, otherGroupFindings } from './host-rules';
import { hostView, type RuleContext } from './rule-kit';
import { vmFindings } from './vm-rules';

interface Evaluated {
  host: Finding[];
  groups: { group: Group; facts: Finding[] }[];
}

export class Diagnoser {
  private readonly hostTrack = new ScopeTrack(null, '', 'host');
  private readonly tracks = new Map<number, ScopeTrack>();
  /** A guest's own view (`balloontop guest` samples): its findings' history, and the balloon at each OOM kill. */
  private guestTrack: ScopeTrack | null = null;
  private readonly kills = new GuestKills();
  private lastTime = -Infinity;
  private lastSample: Sample | null = null;
  private pushed = 0;

  /** Samples taken into the history (a sample not later than the previous one is not). */
  get samples(): number {
    return this.pushed;
  }

  /**
   * Diagnoses a sample and adds it to the history. The very sample pushed last
   * again (a live source repeating its last good sample while it reconnects),
   * or one earlier than it, is diagnosed as `diagnoseAt` would, without
   * changing the history. Samples with the same time are kept (a capture
   * re-saved by a spreadsheet has minutes, not seconds).
   */
  push(sample: Sample): Diagnosis {
    if (sample === this.lastSample || sample.time < this.lastTime) return this.diagnoseAt(sample);
    const t = sample.time;
    const ev = this.evaluate(sample, this.liveContext(t));
    this.lastTime = t;
    this.lastSample = sample;
    this.pushed++;
    this.hostTrack.name = sample.host.hostname ?? '';
    const host = this.recordAll(this.hostTrack, ev.host, t);
    const groups: GroupDiagnosis[] = [];
    for (const { group, facts } of ev.groups) {
      let track = this.tracks.get(group.gid);
      if (!track) this.tracks.set(group.gid, (track = new ScopeTrack(group.gid, group.name, group.kind)));
      track.name = group.name;
      track.kind = group.kind;
      const findings = this.recordAll(track, facts, t);
      if (findings.length > 0) groups.push({ gid: group.gid, name: group.name, kind: group.kind, findings });
    }
    let guest: Finding[] = [];
    if (sample.guest) {
      this.kills.push(t, sample.guest);
      this.guestTrack ??= new ScopeTrack(null, '', 'guest');
      this.guestTrack.name = sample.host.hostname ?? '';
      guest = this.recordAll(this.guestTrack, guestFindings(sample.guest, this.kills), t);
    }
    return { time: t, host, groups, guest, guestKills: this.killsOf(sample) };
  }

  /** Diagnoses a sample that was pushed earlier (browsing back in a history), from the episodes kept. */
  diagnoseAt(sample: Sample): Diagnosis {
    const t = sample.time;
    const ev = this.evaluate(sample, this.pastContext(t));
    const at = (track: ScopeTrack | undefined, f: Finding): Finding => {
      const e = track?.episodeAt(f.code, t) ?? null;
      f.since = e ? e.from : t;
      f.sinceFirstSample = e ? e.sinceFirstSample : false;
      return f;
    };
    const host = ev.host.map((f) => at(this.hostTrack, f)).sort(byPriority);
    const groups: GroupDiagnosis[] = [];
    for (const { group, facts } of ev.groups) {
      if (facts.length === 0) continue;
      const track = this.tracks.get(group.gid);
      groups.push({ gid: group.gid, name: group.name, kind: group.kind, findings: facts.map((f) => at(track, f)).sort(byPriority) });
    }
    const guestTrack = this.guestTrack ?? undefined;
    const guest = sample.guest ? guestFindings(sample.guest, this.kills).map((f) => at(guestTrack, f)).sort(byPriority) : [];
    return { time: t, host, groups, guest, guestKills: this.killsOf(sample) };
  }

  private killsOf(sample: Sample): KillBalloon[] {
    const g = sample.guest;
    return g?.oomKills ? g.oomKills.map((k) => this.kills.balloonAt(k, g)) : [];
  }

  /** The host's history. */
  host(): ScopeTrack {
    return this.hostTrack;
  }

  /** A guest's own history, when guest samples were pushed. */
  guest(): ScopeTrack | null {
    return this.guestTrack;
  }


  /** Every group seen, in the order first seen. */
  groups(): IterableIterator<ScopeTrack> {
    return this.tracks.values();
  }

  group(gid: number): ScopeTrack | undefined {
    return this.tracks.get(gid);
  }

  private recordAll(track: ScopeTrack, findings: Finding[], t: number): Finding[] {
    for (const f of findings) {
      const e: Episode = track.record(f, t, f.causes.length > 0 ? codeBits(f.causes) : 0);
      f.since = e.from;
      f.sinceFirstSample = e.sinceFirstSample;
    }
    track.seen(t);
    return findings.length > 1 ? findings.sort(byPriority) : findings;
  }

  private evaluate(sample: Sample, ctx: RuleContext): Evaluated {
    const view = hostView(readHost(sample.host));
    const pressure = hostPressure(view);
    const summary = emptySummary();
    const groups: Evaluated['groups'] = [];
    for (const group of sample.groups) {
      if (group.kind === 'vm') {
        const vm = vmFindings(group, view, ctx);
        addToSummary(summary, vm);
        groups.push({ group, facts: vm.list });
      } else {
        groups.push({ group, facts: otherGroupFindings(group, view) });
      }
    }
    const host = hostConsequences(view, ctx, summary);
    if (pressure) host.unshift(pressure);
    return { host, groups };
  }

  /** The past as seen while pushing a sample at `t`: the episodes up to the previous sample. */
  private liveContext(t: number): RuleContext {
    return {
      pressureEnded: () => pressureOf(this.hostTrack.endedBefore('host-pressure', t)),
      limitEnded: (gid) => this.tracks.get(gid)?.endedBefore('limit', t)?.to ?? null,
      ballooningSinceFirstSample: (gid) => {
        const track = this.tracks.get(gid);
        if (!track) return t; // its first sample: if it is ballooned, it has been since then
        const e = track.running('ballooning');
        return e && e.sinceFirstSample ? track.firstSeen : null;
      },
      hostBallooningSinceFirstSample: () => {
        if (Number.isNaN(this.hostTrack.firstSeen)) return t;
        const e = this.hostTrack.running('ballooning');
        return e && e.sinceFirstSample ? this.hostTrack.firstSeen : null;
      },
    };
  }

  /** The past as seen from an earlier sample at `t`: the episodes that ended before it or that hold at it. */
  private pastContext(t: number): RuleContext {
    return {
      pressureEnded: () => pressureOf(this.hostTrack.endedBefore('host-pressure', t)),
      limitEnded: (gid) => this.tracks.get(gid)?.endedBefore('limit', t)?.to ?? null,
      ballooningSinceFirstSample: (gid) => {
        const track = this.tracks.get(gid);
        const e = track?.episodeAt('ballooning', t);
        return track && e && e.sinceFirstSample ? track.firstSeen : null;
      },
      hostBallooningSinceFirstSample: () => {
        const e = this.hostTrack.episodeAt('ballooning', t);
        return e && e.sinceFirstSample ? this.hostTrack.firstSeen : null;
      },
    };
  }
}

function pressureOf(e: Episode | null): { at: number; state: 'soft' | 'hard' | 'low' } | null {
  if (!e) return null;
  return { at: e.to, state: e.peak.variant as 'soft' | 'hard' | 'low' };
}
