/**
 * Findings in words: a few characters for a table column, one line for a
 * status line or a report, and the full explanation for a panel or a support
 * case. Every number in the words comes from the finding's evidence.
 */
import { GUEST_FIELDS } from '../fields/guest-fields';
import { STATE_THRESHOLDS } from '../sample/mem-state';
import type { FindingCode } from './codes';
import { BAND_LOWER, BAND_UPPER, FREE_PCT, STATE, textOf, valueOf } from './evidence';
import type { Evidence, FindingFacts, PastCause } from './finding';
import { targetMargin } from './readings';
import { capital, joinAnd, mb, pct, rate } from './words';

interface Words {
  /** At most 12 characters, for a table column that lets rows be scanned for causes. */
  short: string;
  /** One line. */
  text: string;
  /** The reasoning, a sentence per entry. */
  explanation: string[];
}

export interface WordOptions {
  /** How a sample time is written (default `HH:mm:ss` UTC). */
  time?: (ms: number) => string;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** What each cause is called when a VM's consequence names it. */
const CAUSE_PHRASE: Record<FindingCode, string> = {
  'host-pressure': 'host memory pressure',
  limit: 'its memory limit',
  'no-balloon-driver': 'no balloon driver',
  'balloon-disabled': 'its balloon is disabled (MCTLMAX 0)',
  'balloon-max': 'its balloon is at MCTLMAX',
  'residual-balloon': 'left from earlier pressure',
  'unexplained-balloon': 'not shown by the counters',
  reservation: 'its reservation',
  ballooning: 'the balloon',
  'hypervisor-swap': 'hypervisor swap',
  compression: 'compression',
  'guest-limit': 'its memory limit',
  'guest-balloon-max': 'its balloon near the 65% cap',
  'guest-oom-balloon': 'an OOM kill while ballooned',
  'guest-ballooning': 'the balloon',
};

/** The same for the host's consequences, which sum up the VMs'. */
const HOST_CAUSE_PHRASE: Record<FindingCode, string> = {
  ...CAUSE_PHRASE,
  limit: 'VM memory limits',
  'no-balloon-driver': 'VMs without a balloon driver',
  'balloon-disabled': 'VMs with the balloon disabled (MCTLMAX 0)',
  'balloon-max': 'VMs whose balloon is at MCTLMAX',
  'unexplained-balloon': 'VM balloons the counters do not explain',
};

const DISABLING_DOES_NOT_HELP =
  'Disabling or removing the balloon driver would not help: the host would take the same memory by compression and hypervisor swap, which is much slower for the guest.';

class Reader {
  constructor(private readonly e: readonly Evidence[]) {}
  n(counter: string): number | null {
    return valueOf(this.e, counter);
  }
  s(counter: string): string | null {
    return textOf(this.e, counter);
  }
  /** `MCTLSZ 1302 MB` when present, else null. */
  named(counter: string, label = counter): string | null {
    const v = this.n(counter);
    return v === null ? null : `${label} ${mb(v)}`;
  }
}

/** Whether the host-wide balloon grows, shrinks or is held (its target against its size). */
function hostTrend(size: number, target: number | null): string {
  if (target === null) return 'unknown';
  const m = targetMargin(size);
  return target > size + m ? 'inflating' : target < size - m ? 'deflating' : 'held';
}

/** `swapped 12 MB` when the counter is at least 1 MB, else null. */
function atLeast1(r: Reader, counter: string, label: string): string | null {
  const v = r.n(counter);
  return v !== null && v >= 1 ? `${label} ${mb(v)}` : null;
}

function hostStateWords(r: Reader): string {
  const state = r.s(STATE) ?? 'unknown';
  const free = r.n('free');
  const minFree = r.n('minFree');
  const p = r.n(FREE_PCT);
  if (free === null || minFree === null || p === null) return `${state} state`;
  return `${state} state (free ${mb(free)} = ${pct(p)} of minFree ${mb(minFree)})`;
}

function stateBandWords(r: Reader): string | null {
  const state = r.s(STATE);
  const lower = r.n(BAND_LOWER);
  const upper = r.n(BAND_UPPER);
  if (state === null || lower === null) return null;
  if (upper === null) return `${state} is free memory from ${mb(lower)} up`;
  return lower === 0 ? `${state} is free memory below ${mb(upper)}` : `${state} is free memory from ${mb(lower)} to ${mb(upper)}`;
}

/** Free memory is above the upper edge of the state the host reports (it has not switched back yet). */
function aboveBand(r: Reader): boolean {
  const free = r.n('free');
  const upper = r.n(BAND_UPPER);
  return free !== null && upper !== null && free >= upper;
}

function boundariesSentence(minFree: number): string {
  const b = (s: keyof typeof STATE_THRESHOLDS) => `${s} from ${pct(STATE_THRESHOLDS[s] * 100)} (${mb(minFree * STATE_THRESHOLDS[s])})`;
  return `ESXi compares free memory with minFree (${mb(minFree)} on this host): ${b('high')}, ${b('clear')}, ${b('soft')}, ${b('hard')}, low below that (VMs are blocked below 16%).`;
}

const STATE_ACTION: Record<string, string> = {
  soft: 'In soft state the host inflates balloons: it asks the guests for memory through their balloon drivers.',
  hard: 'In hard state the balloon stops inflating: the host compresses and swaps VM memory to disk.',
  low: 'In low state the host compresses and swaps, and blocks VMs from touching new memory until free memory recovers.',
};

const SHARES_SENTENCE =
  'The host takes memory from VMs in proportion to their shares, with idle memory counted more (the idle-memory tax): a VM that touches little of its memory gives first.';

function pastWords(p: PastCause | undefined, time: (ms: number) => string): string {
  if (!p) return '';
  switch (p.kind) {
    case 'pressure':
      return `left from the host's ${p.state ? `${p.state} state` : 'pressure'} that ended after ${time(p.at)}`;
    case 'limit':
      return `left from its memory limit, removed after ${time(p.at)}`;
    case 'before-data':
      return `inflated before the data begins (${time(p.at)}), by pressure the data does not show`;
  }
}

function takenWords(r: Reader): string {
  const parts: string[] = [];
  const sz = r.n('MCTLSZ');
  const tgt = r.n('MCTLTGT');
  if (sz !== null && (sz >= 1 || (tgt ?? 0) >= 1)) parts.push(`balloon ${mb(sz)}${tgt !== null ? ` (target ${mb(tgt)})` : ''}`);
  const sw = r.n('SWCUR');
  if (sw !== null && sw >= 1) parts.push(`swapped ${mb(sw)}`);
  const swt = r.n('SWTGT');
  if ((sw === null || sw < 1) && swt !== null && swt >= 1) parts.push(`swap target ${mb(swt)}`);
  const z = r.n('CACHEUSD');
  if (z !== null && z >= 1) parts.push(`compressed ${mb(z)}`);
  return parts.join(', ');
}

function idleWords(r: Reader): string | null {
  const tchd = r.n('TCHD');
  const memsz = r.n('MEMSZ');
  if (tchd === null || memsz === null || memsz <= 0) return null;
  const share = (100 * tchd) / memsz;
  return share < 25
    ? `it touched only ${pct(share)} of its memory recently (TCHD ${mb(tchd)} of ${mb(memsz)}), so it gives first`
    : `it is active (TCHD ${mb(tchd)}, ${pct(share)} of ${mb(memsz)})`;
}

function causeList(f: FindingFacts): string {
  const phrase = f.gid === null ? HOST_CAUSE_PHRASE : CAUSE_PHRASE;
  return joinAnd(f.causes.map((c) => phrase[c]));
}

/** `; cause: ...` for a consequence that has causes, else nothing. */
function causeTail(f: FindingFacts): string {
  return f.causes.length ? `; cause: ${causeList(f)}` : '';
}

/** A few characters per finding, cheap enough for every row of a table. */
export function shortLabel(f: FindingFacts): string {
  switch (f.code) {
    case 'host-pressure':
      return `host ${f.variant}`;
    case 'limit':
      return 'limit';
    case 'no-balloon-driver':
      return 'no driver';
    case 'balloon-disabled':
      return 'maxmemctl=0';
    case 'balloon-max':
      return 'at MCTLMAX';
    case 'residual-balloon':
      return 'residual';
    case 'unexplained-balloon':
      return 'unexplained';
    case 'reservation':
      return 'reserved';
    case 'ballooning':
      return 'ballooned';
    case 'hypervisor-swap':
      return f.variant === 'held' ? 'swapped' : 'swapping';
    case 'compression':
      return 'compressed';
    case 'guest-limit':
      return 'limit';
    case 'guest-balloon-max':
      return 'near 65% cap';
    case 'guest-oom-balloon':
      return 'OOM+balloon';
    case 'guest-ballooning':
      return 'ballooned';
  }
}

/** The words for one finding. */
export function describe(f: FindingFacts, opts: WordOptions = {}): Words {
  return { short: shortLabel(f), ...sentences(f, opts) };
}

type Sentences = Omit<Words, 'short'>;

function sentences(f: FindingFacts, opts: WordOptions): Sentences {
  const time = opts.time ?? clock;
  const r = new Reader(f.evidence);
  const host = f.gid === null;
  switch (f.code) {
    case 'host-pressure': {
      const minFree = r.n('minFree');
      const band = stateBandWords(r);
      if (host) {
        const action = f.variant === 'soft' ? 'the host balloons VMs by shares and idle memory' : f.variant === 'hard' ? 'the balloon stops; the host compresses and swaps' : 'the host compresses, swaps and blocks VMs';
        return {
          text: `Host in ${hostStateWords(r)}: ${action}`,
          explanation: [
            ...(minFree !== null ? [boundariesSentence(minFree)] : []),
            ...(band ? [`${capital(band)}.`] : []),
            ...(aboveBand(r) ? ['Free memory is above this state\'s band: a host returns to a better state only some way above the boundary (hysteresis).'] : []),
            STATE_ACTION[f.variant] ?? '',
            SHARES_SENTENCE,
            ...(f.inferred ? ['The source did not give the state: it is read from free memory against minFree.'] : []),
            DISABLING_DOES_NOT_HELP,
          ].filter((s) => s !== ''),
        };
      }
      const idle = idleWords(r);
      const taken = takenWords(r);
      return {
        text: `The host is in ${hostStateWords(r)} and reclaims from this VM${taken ? `: ${taken}` : ''}`,
        explanation: [
          STATE_ACTION[f.variant] ?? '',
          ...(aboveBand(r) ? ['Free memory is already above this state\'s band: a host returns to a better state only some way above the boundary (hysteresis).'] : []),
          SHARES_SENTENCE,
          ...(idle ? [`${capital(idle)}.`] : []),
          DISABLING_DOES_NOT_HELP,
        ].filter((s) => s !== ''),
      };
    }
    case 'limit': {
      const amax = r.n('AMAX') as number;
      const memsz = r.n('MEMSZ') as number;
      const taken = takenWords(r);
      const text =
        f.variant === 'reclaiming'
          ? `Memory limit AMAX ${mb(amax)} on a ${mb(memsz)} VM: the host reclaims it whatever its own state${taken ? ` (${taken})` : ''}`
          : `Memory limit AMAX ${mb(amax)} below its ${mb(memsz)}: use above the limit is ballooned or swapped even on an idle host`;
      return {
        text,
        explanation: [
          `A limit caps the machine memory the VM may use at ${mb(amax)}, but the guest still sees ${mb(memsz)}.`,
          'When the guest uses more than the limit, the host balloons it, then compresses and swaps it, even when the host has plenty of free memory.',
          ...(f.variant === 'reclaiming' && r.s(STATE) ? [`The host itself is in ${hostStateWords(r)}.`] : []),
          'Remove the limit or raise it to the VM\'s size; if the VM should get less memory, give it less configured memory instead.',
          DISABLING_DOES_NOT_HELP,
        ],
      };
    }
    case 'no-balloon-driver': {
      const taken = takenWords(r);
      const text =
        f.variant === 'reclaimed'
          ? `No balloon driver (MCTL? N): the host compresses and swaps it instead${taken ? ` (${taken})` : ''}`
          : f.variant === 'exposed'
            ? `No balloon driver (MCTL? N) while the host reclaims: it can only be compressed and swapped`
            : `No balloon driver (MCTL? N): when the host runs short it can only compress and swap this VM`;
      return {
        text,
        explanation: [
          'MCTL? N: VMware Tools is not installed, or its balloon driver (vmmemctl; vmw_balloon on Linux) is not running.',
          'The host cannot ask the guest for memory, so whatever it must take from this VM it compresses or swaps to disk, where the guest waits for every page it touches again.',
          ...(f.variant !== 'latent' && r.s(STATE) ? [`The host is in ${hostStateWords(r)}.`] : []),
          'Install or start VMware Tools (open-vm-tools on Linux): ballooning lets the guest choose which pages to give, which costs it far less than swapping.',
        ],
      };
    }
    case 'balloon-disabled': {
      const taken = takenWords(r);
      const text =
        f.variant === 'reclaimed'
          ? `Balloon disabled (MCTLMAX 0, sched.mem.maxmemctl = 0): the host compresses and swaps it instead${taken ? ` (${taken})` : ''}`
          : `Balloon disabled (MCTLMAX 0, sched.mem.maxmemctl = 0): under pressure this VM can only be compressed and swapped`;
      return {
        text,
        explanation: [
          'MCTLMAX is the most the balloon may take from this VM; 0 means it may take nothing. The usual cause is sched.mem.maxmemctl = 0 in the VM\'s settings.',
          ...(r.n('MCTL?') === null ? ['MCTL? is not in the data: a missing balloon driver would look the same.'] : []),
          ...(r.n('AMIN') === null ? ['AMIN is not in the data: a reservation of the whole VM also gives MCTLMAX 0 (and then nothing is reclaimed at all).'] : []),
          'Disabling the balloon does not remove memory pressure: the host takes the same memory by compression and hypervisor swap instead.',
          'Remove sched.mem.maxmemctl (it takes effect at the next power on).',
        ],
      };
    }
    case 'balloon-max': {
      const sz = r.n('MCTLSZ') as number;
      const max = r.n('MCTLMAX') as number;
      const memsz = r.n('MEMSZ');
      const amin = r.n('AMIN');
      const amax = r.n('AMAX');
      const swtgt = r.n('SWTGT');
      const taken = [atLeast1(r, 'SWCUR', 'swapped'), swtgt !== null && swtgt >= 1 ? `swap target ${mb(swtgt)}` : null, atLeast1(r, 'CACHEUSD', 'compressed')].filter((x) => x !== null);
      const text =
        f.variant === 'limit-beyond' && memsz !== null && amax !== null
          ? `Balloon at MCTLMAX ${mb(max)}, but the limit asks for ${mb(memsz - amax)} (MEMSZ ${mb(memsz)} - AMAX ${mb(amax)}): the rest is compressed and swapped`
          : `Balloon at its maximum (MCTLSZ ${mb(sz)}, MCTLMAX ${mb(max)}): more is compressed and swapped${taken.length ? ` (${taken.join(', ')})` : ''}`;
      const reservationLowers = amin !== null && memsz !== null && amin >= 1 && max <= memsz - amin + 0.5;
      return {
        text,
        explanation: [
          'MCTLMAX is the most the balloon may take: 65% of the VM\'s memory by default (Mem.CtlMaxPercent), less with sched.mem.maxmemctl or a reservation.',
          ...(memsz !== null ? [`Here it is ${pct((100 * max) / memsz)} of MEMSZ ${mb(memsz)}.`] : []),
          ...(reservationLowers ? [`The reservation lowers it: the balloon may not reach into AMIN ${mb(amin)}, leaving at most ${mb((memsz) - (amin))}.`] : []),
          'The balloon is full: whatever more the host needs from this VM is compressed and swapped to disk.',
          ...(swtgt !== null && swtgt >= 1 ? [`The host wants ${mb(swtgt)} of it swapped (SWTGT).`] : []),
        ],
      };
    }
    case 'residual-balloon': {
      const sz = r.n(host ? 'memctlCurrent' : 'MCTLSZ') as number;
      const tgt = r.n(host ? 'memctlTarget' : 'MCTLTGT');
      const where = host ? ' host-wide' : '';
      const past = pastWords(f.past, time);
      const variant = host ? hostTrend(sz, tgt) : f.variant;
      const trend =
        variant === 'deflating'
          ? `deflating toward ${mb(tgt as number)}`
          : variant === 'inflating'
            ? `the host is still reclaiming toward ${mb(tgt as number)}`
            : tgt !== null
              ? `target held at ${mb(tgt)}`
              : '';
      const residual = host && f.variant === 'per-vm' ? r.n('residualMB') : null;
      const idle = idleWords(r);
      const text = `${mb(sz)} still ballooned${where} though the host is in ${hostStateWords(r)}: ${past}${trend ? `; ${trend}` : ''}`;
      const minFree = r.n('minFree');
      return {
        text,
        explanation: [
          'A balloon deflates only as the host\'s target for it falls: when the guest needs the memory back and the host has it to give.',
          `Out of soft state the host takes no more by ballooning, but targets it set while short can stay (a real host in clear state shows MCTLTGT held at MCTLSZ); they fall as free memory rises toward high state${minFree !== null ? ` (400% of minFree = ${mb(4 * minFree)})` : ''}.`,
          ...(idle && !host ? [`When the host was short it took memory by shares and idle memory: ${idle}.`] : []),
          ...(variant === 'inflating' ? ['The target is above the balloon: the host is still taking memory, although it is no longer short.'] : []),
          ...(residual !== null && residual < sz - 1 ? [`Of the ${mb(sz)}, ${mb(residual)} is on VMs whose balloon is residual; the rest has other causes (see the VMs).`] : []),
          ...(host && f.variant === 'host-only' ? ['The per-VM balloon counters are not in the data: which VMs hold it cannot be told.'] : []),
          ...(f.past?.kind === 'before-data' ? ['The data begins with the balloon already inflated and the host not short: the pressure that inflated it is not in the data (inferred).'] : []),
          'Ballooned pages were given up inside the guest (free or cache pages first); the guest gets them back as it needs them.',
        ],
      };
    }
    case 'unexplained-balloon': {
      const sz = r.n('MCTLSZ') as number;
      return {
        text: `${mb(sz)} ballooned in ${hostStateWords(r)} with no limit on the VM: the counters do not show why`,
        explanation: [
          'Neither the host (not short of memory) nor the VM (no limit, AMAX) explains the balloon, and it was not left from pressure seen in the data.',
          'A limit on the VM\'s resource pool or vApp is enforced like a VM limit, and resource pools are not in esxtop\'s memory counters (inferred).',
        ],
      };
    }
    case 'reservation': {
      const amin = r.n('AMIN') as number;
      const memsz = r.n('MEMSZ');
      const max = r.n('MCTLMAX');
      return {
        text:
          f.variant === 'full'
            ? `Fully reserved (AMIN ${mb(amin)}${memsz !== null ? ` of ${mb(memsz)}` : ''}): never ballooned, compressed or swapped${max !== null ? ` (MCTLMAX ${mb(max)})` : ''}`
            : `Reservation AMIN ${mb(amin)}${memsz !== null ? ` (${pct((100 * amin) / memsz)} of ${mb(memsz)})` : ''} is never reclaimed${max !== null ? `; MCTLMAX ${mb(max)}` : ''}`,
        explanation: [
          'A reservation guarantees machine memory: the host never balloons, compresses or swaps the reserved part, and lowers MCTLMAX so the balloon cannot reach into it.',
          'When the host is short, what a reserved VM keeps must come from its neighbours.',
        ],
      };
    }
    case 'ballooning': {
      if (host) {
        const tgt = r.n('memctlTarget');
        return {
          text: `${mb(r.n('memctlCurrent') as number)} ballooned host-wide${tgt !== null ? ` (target ${mb(tgt)})` : ''}${causeTail(f)}`,
          explanation: ['MEMCTL curr: memory the balloon drivers hold inside the guests, summed over the VMs.'],
        };
      }
      const sz = r.n('MCTLSZ') as number;
      const details = [r.named('MCTLTGT'), r.named('MCTLMAX')].filter((x) => x !== null);
      return {
        text: `Ballooned ${mb(sz)}${details.length ? ` (${details.join(', ')})` : ''}${causeTail(f)}`,
        explanation: [
          'MCTLSZ is memory the balloon driver holds inside the guest; the guest\'s own memory manager chose the pages (free and cache pages first, then it pages out itself).',
          f.variant === 'inflating' ? 'MCTLTGT is above MCTLSZ: the balloon is inflating.' : f.variant === 'deflating' ? 'MCTLTGT is below MCTLSZ: the balloon is deflating.' : 'MCTLTGT is about MCTLSZ: the host holds the balloon where it is.',
          ...(f.causes.length ? [`Cause: ${causeList(f)}.`] : ['Nothing in the data says why (the host state is missing).']),
        ],
      };
    }
    case 'hypervisor-swap':
      return swapWords(f, r, host);
    case 'compression':
      return compressionWords(f, r, host);
    case 'guest-limit':
    case 'guest-balloon-max':
    case 'guest-oom-balloon':
    case 'guest-ballooning':
      return guestWords(f, r, time);
  }
}

/** `26% of the guest's 7961.27 MB` when both are known, else ''. */
function shareWords(r: Reader, mbValue: number): string {
  const memory = r.n('guestMemoryMB');
  return memory !== null && memory > 0 ? `${pct((100 * mbValue) / memory)} of the guest's ${mb(memory)}` : '';
}

const GUEST_DRIVER_NOTE = 'Disabling or unloading the balloon driver would not help: the host would take the same memory by compression and swap, which the guest cannot see and waits on far longer.';

function guestWords(f: FindingFacts, r: Reader, time: (ms: number) => string): Sentences {
  switch (f.code) {
    case 'guest-limit': {
      const limit = r.n('limitMB') as number;
      const memory = r.n('guestMemoryMB') as number;
      const taken = [r.named('balloonMB', 'balloon'), atLeast1(r, 'hostSwappedMB', 'host swapped')].filter((x) => x !== null);
      return {
        text:
          f.variant === 'reclaiming'
            ? `The host limits this VM to ${mb(limit)} of the ${mb(memory)} it sees: it is reclaimed whatever the host's free memory${taken.length ? ` (${taken.join(', ')})` : ''}`
            : `The host limits this VM to ${mb(limit)} of the ${mb(memory)} it sees: use above the limit will be ballooned or swapped even on an idle host`,
        explanation: [
          `vmware-toolbox-cmd stat memlimit says the host caps the machine memory of this VM at ${mb(limit)}; the guest sees ${mb(memory)} (MemTotal counting the balloon, a little below the configured size).`,
          'When the guest uses more than the limit, the host balloons it, then compresses and swaps it, even when the host has plenty of free memory.',
          'Remove the limit or raise it to the VM\'s size on the host; if the VM should get less memory, give it less configured memory instead.',
          GUEST_DRIVER_NOTE,
        ],
      };
    }
    case 'guest-balloon-max': {
      const balloon = r.n('balloonMB') as number;
      const cap = r.n('balloonMaxMB') as number;
      const target = r.n('targetMB');
      const share = shareWords(r, balloon);
      const toward = f.variant === 'target-near' && target !== null ? `, the host asking for ${mb(target)}` : '';
      return {
        text: `Balloon ${mb(balloon)}${share ? ` (${share})` : ''}${toward}, ${f.variant === 'at-cap' ? 'at' : 'near'} VMware's default cap of 65% (${mb(cap)})${f.variant === 'at-cap' ? ' or above' : ''}: more pressure means host swapping`,
        explanation: [
          'A VMware balloon may take at most Mem.CtlMaxPercent of the VM\'s memory, 65% by default, less with sched.mem.maxmemctl (MCTLMAX in esxtop).',
          'The cap here is 65% of the memory the guest sees, a little below the configured size: the host\'s own cap is a little higher.',
          'Once the balloon is full, whatever more the host needs from this VM it compresses and swaps, which the guest cannot see (vmware-toolbox-cmd stat swap shows it).',
          ...(r.n('memAvailableMB') !== null ? [`The guest has ${mb(r.n('memAvailableMB') as number)} available (MemAvailable).`] : []),
        ],
      };
    }
    case 'guest-oom-balloon': {
      const process = r.s('process') ?? 'a process';
      const pid = r.n('pid');
      const at = r.n('killedAt');
      const kills = r.n('kills') ?? 1;
      const who = `${process}${pid !== null ? ` (pid ${pid})` : ''}${at !== null ? ` at ${time(at)}` : ''}`;
      const more = kills > 1 ? ` (${kills} such kills in the log)` : '';
      if (f.variant === 'before-data') {
        const first = r.n('firstSampleBalloonMB') as number;
        const firstAt = r.n('firstSampleAt');
        return {
          text: `OOM kill of ${who}, before the data; the balloon held ${mb(first)} at the first sample${more}`,
          explanation: [
            'The balloon driver takes pages without knowing which pages the guest\'s processes have locked: an inflating balloon can leave Linux too little memory, and its OOM killer then ends a process.',
            `The kill is older than the first sample${firstAt !== null ? ` (${time(firstAt)})` : ''}, which already shows the balloon holding ${mb(first)}: whether it held memory at the kill is inferred, not in the data.`,
            'Give the guest more memory, remove a limit on the VM, or cap the balloon (sched.mem.maxmemctl) so that it leaves the guest what it needs.',
            GUEST_DRIVER_NOTE,
          ],
        };
      }
      const held = r.n('balloonAtKillMB') as number;
      const sampled = r.n('balloonSampleAt');
      return {
        text: `OOM kill of ${who} while the balloon held ${mb(held)}${more}`,
        explanation: [
          'The balloon driver takes pages without knowing which pages the guest\'s processes have locked: an inflating balloon can leave Linux too little memory, and its OOM killer then ends a process.',
          `At the last sample before the kill${sampled !== null ? ` (${time(sampled)})` : ''} the balloon held ${mb(held)}.`,
          'Give the guest more memory, remove a limit on the VM, or cap the balloon (sched.mem.maxmemctl) so that it leaves the guest what it needs.',
          GUEST_DRIVER_NOTE,
        ],
      };
    }
    case 'guest-ballooning': {
      const balloon = r.n('balloonMB') as number;
      const target = r.n('targetMB');
      const share = shareWords(r, balloon);
      const trend = f.variant === 'inflating' && target !== null ? `, inflating toward ${mb(target)}` : f.variant === 'deflating' && target !== null ? `, deflating toward ${mb(target)}` : '';
      const host = HOST_SIDE[r.s('driver') ?? 'vmw_balloon'] ?? HOST_SIDE.vmw_balloon;
      const because = f.causes.length ? `; cause: ${causeList(f)}` : `; the cause is on the host (its memory pressure, or ${host.setting})`;
      return {
        text: `${mb(balloon)} ballooned${share ? `, ${share}` : ''}${trend}${because}`,
        explanation: [
          'The balloon driver holds this memory inside the guest and has handed it back to the host: free and top show it as used, by no process.',
          f.causes.length ? `Cause: ${causeList(f)}.` : `From inside, the host's free memory cannot be seen: ${host.look} tells whether it was short of memory.`,
        ],
      };
    }
    default:
      return { text: '', explanation: [] };
  }
}

function causeSentence(f: FindingFacts, what: 'swapped' | 'compressed', host: boolean): string {
  if (f.causes.length > 0) return `Cause: ${causeList(f)}.`;
  if (f.missing && f.missing.length > 0) return `The data lacks ${joinAnd(f.missing)}: whether the balloon could have taken this memory instead cannot be told, and the cause is before or outside the data.`;
  if (host) return `Nothing in the current counters explains it: the memory was ${what} earlier, while the host was short of memory or by the VMs' own causes (see the VMs) (inferred).`;
  return `Nothing in the current counters explains it: the memory was ${what} earlier (inferred). A VM is ${what} rather than ballooned in hard or low state, where the balloon stops inflating, when its balloon is at MCTLMAX, or when it has no running balloon driver.`;
}

function swapWords(f: FindingFacts, r: Reader, host: boolean): Sentences {
  const cur = r.n(host ? 'swapUsed' : 'SWCUR');
  const tgt = r.n(host ? 'swapTarget' : 'SWTGT');
  const out = r.n(host ? 'swapWriteRate' : 'SWW/s') ?? 0;
  const back = r.n(host ? 'swapReadRate' : 'SWR/s') ?? 0;
  const where = host ? ' host-wide' : '';
  const size = cur !== null ? `${mb(cur)} swapped${where}${tgt !== null ? ` (target ${mb(tgt)})` : ''}` : `swapping${where}`;
  const activity = out > 0 ? `swapping out ${rate(out)}` : back > 0 ? `reading back ${rate(back)} (the guest waits on disk)` : 'no swap traffic now';
  const because = causeTail(f);
  return {
    text: `${capital(size)}, ${activity}${because}`,
    explanation: [
      'The hypervisor wrote these pages to the VM\'s swap file without the guest knowing: every page the guest touches again is a disk read it waits for (SWR/s).',
      ...(cur !== null && tgt !== null && tgt < cur - 1 ? [`The swap target (${mb(tgt)}) is below what is swapped: the host no longer needs it; the pages stay on disk until the guest touches them.`] : []),
      ...(cur !== null && tgt !== null && tgt > cur + 1 ? [`The swap target (${mb(tgt)}) is above what is swapped: the host is still swapping this ${host ? 'host' : 'VM'} out.`] : []),
      causeSentence(f, 'swapped', host),
    ],
  };
}

function compressionWords(f: FindingFacts, r: Reader, host: boolean): Sentences {
  const cur = r.n(host ? 'zipped' : 'CACHEUSD');
  const zip = r.n('ZIP/s') ?? 0;
  const unzip = r.n('UNZIP/s') ?? 0;
  const where = host ? ' host-wide' : '';
  const activity = zip > 0 ? `, compressing ${rate(zip)}` : unzip > 0 ? `, decompressing ${rate(unzip)} as the guest touches its pages` : host ? '' : ', no compression traffic now';
  const because = causeTail(f);
  return {
    text: `${cur !== null ? `${mb(cur)} compressed${where}` : `Compressing${where}`}${activity}${because}`,
    explanation: [
      'Before swapping a page the host tries to compress it into the VM\'s compression cache; reading it back costs a decompression, far less than a disk read.',
      causeSentence(f, 'compressed', host),
    ],
  };
}

/** Per balloon driver: what on the host, besides its pressure, sets the balloon, and where to look. */
const HOST_SIDE: Record<string, { setting: string; look: string }> = {
  vmw_balloon: { setting: "a limit on the VM's resource pool", look: 'esxtop or balloontop report on the host' },
  virtio_balloon: { setting: 'the memory it set for this VM: virsh dommemstat', look: 'the host (virsh dommemstat, QEMU info balloon)' },
  hv_balloon: { setting: "this VM's Dynamic Memory settings", look: 'Hyper-V Manager on the host (memory demand and pressure)' },
};

const EVIDENCE_LABEL: Record<string, string> = {
  [FREE_PCT]: 'free/minFree',
  [BAND_LOWER]: 'state band from',
  [BAND_UPPER]: 'state band to',
  residualMB: 'residual on VMs',
  ...Object.fromEntries(GUEST_FIELDS.map((f) => [f.id, f.label])),
  balloonPct: 'balloon share',
  targetPct: 'target share',
  balloonMaxMB: "VMware's cap",
  balloonAtKillMB: 'balloon at the kill',
  balloonSampleAt: 'sampled at',
  firstSampleBalloonMB: 'balloon at the first sample',
  firstSampleAt: 'first sample',
  killedAt: 'killed at',
  kills: 'kills counted',
};

/** One piece of evidence as people read it: `MCTLSZ 1302 MB`, `MCTL? N`, `state soft`, `free/minFree 62%`. */
export function evidenceWords(e: Evidence): string {
  const label = EVIDENCE_LABEL[e.counter] ?? e.counter;
  if (e.value === null) return `${label} -`;
  if (typeof e.value === 'string') return `${label} ${e.value}`;
  switch (e.unit) {
    case 'MB':
      return `${label} ${mb(e.value)}`;
    case 'MB/s':
      return `${label} ${rate(e.value)}`;
    case '%':
      return `${label} ${pct(e.value)}`;
    case 'flag':
      return `${label} ${e.value ? 'Y' : 'N'}`;
    case 'time':
      return `${label} ${new Date(e.value).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
    default:
      return `${label} ${e.value}`;
  }
}
