/**
 * The diagnosis: why memory is taken from a VM (or the host), with the
 * numbers that prove it. Pure: samples in, findings out.
 *
 *   const d = new Diagnoser();
 *   for (const s of samples) { const now = d.push(s); ... }
 *   describe(finding).text  // one line; .short for a column; .explanation for a panel
 */
export { FINDING_CODES, CONSEQUENCE_CODES, isConsequence, isFindingCode, codesOf, type FindingCode, type ConsequenceCode } from './codes';
export type { Diagnosis, Evidence, Finding, FindingFacts, GroupDiagnosis, PastCause } from './finding';
export { Diagnoser } from './engine';
export { MAX_EPISODES, type Episode, type ScopeTrack } from './episodes';
export { describe, evidenceWords, shortLabel, CAUSE_PHRASE, type Words, type WordOptions } from './describe';
export { priority, byPriority } from './priority';
export { headline, explain, shortReason, type Headline, type Explained } from './summary';
