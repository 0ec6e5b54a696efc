/** What the diagnosis says about one sample: findings per group and for the host. */
import type { MemState } from '../sample/mem-state';
import type { GroupKind } from '../sample/sample';
import type { FindingCode } from './codes';
import type { KillBalloon } from './guest-kills';

/** A counter and its value at the sample: a registry column id (`MCTLSZ`), a host counter id (`free`), or a derived figure. */
export interface Evidence {
  counter: string;
  value: number | string | null;
  unit: 'MB' | 'MB/s' | '%' | 'flag' | 'shares' | 'state' | 'time' | '';
}

/** Why the words of a finding refer to the past: what ended, and when. */
export interface PastCause {
  /** What inflated the balloon: host pressure, a limit that was removed, or something before the data began. */
  kind: 'pressure' | 'limit' | 'before-data';
  /** The last sample time the cause was seen (for 'before-data': the first sample). */
  at: number;
  /** For 'pressure': the worst state of that episode. */
  state?: MemState;
}

/** One finding at one sample, before words: the facts that prove it. */
export interface FindingFacts {
  code: FindingCode;
  /** The group's GID, or null for the host. */
  gid: number | null;
  /** Which of a code's cases applies (the words differ): e.g. residual-balloon 'held', 'deflating' or 'inflating'. */
  variant: string;
  evidence: Evidence[];
  /** For consequences: the codes of the causes found at the same sample (the group's own, or host-pressure). */
  causes: FindingCode[];
  /** The finding rests on an inference the counters cannot show (said so in its words). */
  inferred: boolean;
  /** How strongly this sample shows the finding (MB reclaimed, % short of minFree...): the report quotes the strongest. */
  weight: number;
  past?: PastCause;
  /** Counters the rule would have read to tell more, but the sample lacks (the words say so). */
  missing?: string[];
}

/** A finding at a sample, with the time it has held since. */
export interface Finding extends FindingFacts {
  /** Time of the first sample of the run of samples this finding has held in (ms UTC). */
  since: number;
  /** It already held at the first sample of this group (or host): it may have begun earlier. */
  sinceFirstSample: boolean;
}

export interface GroupDiagnosis {
  gid: number;
  name: string;
  kind: GroupKind;
  /** Most telling first (see `priority.ts`). */
  findings: Finding[];
}

export interface Diagnosis {
  time: number;
  /** Host findings, most telling first. */
  host: Finding[];
  /** Groups with at least one finding, in sample order. */
  groups: GroupDiagnosis[];
  /** A guest's own findings (a sample from `balloontop guest`), most telling first; empty for other samples. */
  guest: Finding[];
  /** The balloon at each of the guest's OOM kills, in the order of the sample's `oomKills`; empty for other samples. */
  guestKills: KillBalloon[];
}
