/**
 * The report as JSON: `{"host": {...}, "groups": [{"gid", "name", "kind",
 * "findings": [{"code", "from", "to", "text", "evidence", ...}]}], "guest":
 * null | {...}}`, times as ISO 8601 UTC, sizes in MB, evidence as
 * `{counter: value}`. `guest` is a guest's own view (`report guest ...`):
 * its last sample as `guest --json` writes it, the balloon's peak, its
 * findings and its OOM kills with the balloon at each.
 */
import type { Evidence } from '../diagnosis/finding';
import { guestToJson } from '../output/guest-json';
import type { Peak, ReportData, ReportFinding, ReportGroup, ReportGuest } from './report-data';
import { iso } from './time-format';

interface JsonFinding {
  code: string;
  from: string;
  to: string;
  text: string;
  evidence: Record<string, number | string | null>;
  /** Time of the sample the text and evidence are from (the strongest). */
  at: string;
  variant: string;
  short: string;
  causes: string[];
  inferred: boolean;
  ongoing: boolean;
  sinceFirstSample: boolean;
  samples: number;
  runs: number;
  explanation: string[];
}

function evidenceObject(list: readonly Evidence[]): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const e of list) out[e.counter] = e.value;
  return out;
}

function finding(f: ReportFinding): JsonFinding {
  return {
    code: f.code,
    from: iso(f.from),
    to: iso(f.to),
    text: f.text,
    evidence: evidenceObject(f.evidence),
    at: iso(f.peakAt),
    variant: f.variant,
    short: f.short,
    causes: f.causes,
    inferred: f.inferred,
    ongoing: f.ongoing,
    sinceFirstSample: f.sinceFirstSample,
    samples: f.samples,
    runs: f.runs,
    explanation: f.explanation,
  };
}

function peak(p: Peak | null) {
  return p && { peakMB: p.peak, peakAt: iso(p.peakAt), from: iso(p.first), to: iso(p.last), seconds: p.ms / 1000, samples: p.samples };
}

function group(g: ReportGroup) {
  return {
    gid: g.gid,
    name: g.name,
    kind: g.kind,
    memszMB: g.memsz,
    balloon: peak(g.balloon),
    swap: peak(g.swap),
    compression: peak(g.compression),
    findings: g.findings.map(finding),
  };
}

function guest(g: ReportGuest, hostname: string | null) {
  return {
    last: guestToJson(g.lastAt, hostname, g.last),
    balloon: peak(g.balloon),
    findings: g.findings.map(finding),
    oomKills: g.kills.map(({ kill, balloon }) => ({
      time: kill.time === null ? null : iso(kill.time), pid: kill.pid, process: kill.process, cgroup: kill.cgroup, clock: kill.clock,
      balloonThen: balloon && { how: balloon.how, mb: balloon.mb, at: balloon.at === null ? null : iso(balloon.at) },
    })),
  };
}

export function reportJson(r: ReportData) {
  return {
    host: {
      hostname: r.hostname,
      source: { kind: r.source.kind, label: r.source.label, warnings: r.warnings, failure: r.failure },
      from: iso(r.from),
      to: iso(r.to),
      samples: r.samples,
      stepSeconds: r.stepMs === null ? null : r.stepMs / 1000,
      gaps: { count: r.gaps.count, seconds: r.gaps.ms / 1000 },
      machineMB: r.machineMB,
      minFreeMB: r.minFreeMB,
      states: r.states.map((s) => ({ state: s.state, seconds: s.ms / 1000, samples: s.samples })),
      transitions: r.transitions.map((t) => ({ at: iso(t.at), from: t.from, to: t.to })),
      transitionsOmitted: r.transitionsOmitted,
      free: r.free && { minMB: r.free.min, minAt: iso(r.free.minAt), maxMB: r.free.max, maxAt: iso(r.free.maxAt) },
      findings: r.hostFindings.map(finding),
    },
    groups: r.groups.map(group),
    guest: r.guest && guest(r.guest, r.hostname),
  };
}

export function renderJson(r: ReportData): string {
  return `${JSON.stringify(reportJson(r), null, 2)}\n`;
}
