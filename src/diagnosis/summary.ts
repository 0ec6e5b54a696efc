/**
 * What a screen shows of a diagnosis: one line per group (or for the host),
 * and the full explanation of a group or the host for a panel. Findings come
 * sorted most telling first, so the headline is the first one.
 */
import { describe, evidenceWords, shortLabel, type WordOptions } from './describe';
import type { FindingCode } from './codes';
import type { Finding } from './finding';

interface Headline {
  code: FindingCode;
  /** For a table column (at most 12 characters). */
  short: string;
  /** One line: the finding's words. */
  text: string;
  since: number;
  sinceFirstSample: boolean;
}

/** The most telling finding's short label, or '' when there is none: cheap, for every row of a table. */
export function shortReason(findings: readonly Finding[]): string {
  return findings.length === 0 ? '' : shortLabel(findings[0]);
}

/** The line for a group's (or the host's) findings, or null when there are none. */
export function headline(findings: readonly Finding[], opts: WordOptions = {}): Headline | null {
  const f = findings[0];
  if (!f) return null;
  const w = describe(f, opts);
  return { code: f.code, short: w.short, text: w.text, since: f.since, sinceFirstSample: f.sinceFirstSample };
}

interface Explained {
  code: FindingCode;
  short: string;
  text: string;
  since: number;
  sinceFirstSample: boolean;
  inferred: boolean;
  causes: FindingCode[];
  /** `MCTLSZ 1302 MB`, ... */
  evidence: string[];
  /** The reasoning, a sentence per entry. */
  explanation: string[];
}

/** Every finding of a group (or the host) in full, most telling first: for a panel. */
export function explain(findings: readonly Finding[], opts: WordOptions = {}): Explained[] {
  return findings.map((f) => {
    const w = describe(f, opts);
    return {
      code: f.code, short: w.short, text: w.text, since: f.since, sinceFirstSample: f.sinceFirstSample,
      inferred: f.inferred, causes: f.causes, evidence: f.evidence.map(evidenceWords), explanation: w.explanation,
    };
  });
}
