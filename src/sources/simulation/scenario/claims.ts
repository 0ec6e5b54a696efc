/**
 * What a caption says must be true when it shows, as small sentences a lesson
 * writer reads back in a failure line:
 *
 *   host soft                      the host's state (one of several: `host soft|hard|low`)
 *   host free < 400% minFree       a host counter (its registry id) against a number or
 *                                  a share of another host counter
 *   web01 MCTLSZ > 100             a VM's column (registry id) against a number,
 *   big01 MCTLSZ >= 99% MCTLMAX    or a share of another column of the same VM
 *   web01,web02 SWCUR = 0          several VMs: each of them
 *   batch01 on / batch01 off       powered on (in the table) or not
 *
 * Operators: `<`, `<=`, `>`, `>=`, `=`, `!=`. Values are compared as the
 * sample shows them (MB with two decimals).
 */
import { getColumn, findColumn, type Column } from '../../../fields/registry';
import type { CounterId } from '../../../fields/group-fields';
import { HOST_COUNTER_IDS, type HostCounterId } from '../../../fields/host-counters';
import { MEM_STATES, type MemState } from '../../../sample/mem-state';
import type { Group, Sample, Value } from '../../../sample/sample';

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';
const OPS: readonly Op[] = ['<=', '>=', '!=', '<', '>', '='];

/** The right-hand side: a number, or `share` times another counter of the same VM (or of the host). */
type Operand<Id> = { kind: 'number'; value: number } | { kind: 'counter'; id: Id; share: number };

export type Claim = { text: string } & (
  | { kind: 'hostState'; states: MemState[] }
  | { kind: 'hostValue'; counter: HostCounterId; op: Op; rhs: Operand<HostCounterId> }
  | { kind: 'vmValue'; vms: string[]; column: CounterId; op: Op; rhs: Operand<CounterId> }
  | { kind: 'vmPower'; vms: string[]; on: boolean }
);

const HOST_IDS = new Set<string>(HOST_COUNTER_IDS);

function counterColumn(id: string): Column | undefined {
  const c = findColumn(id);
  return c && c.source === 'counter' ? c : undefined;
}

/** Parses one claim; `vmNames` are the VMs it may name. Returns the claim or why it is not one. */
export function parseClaim(text: string, vmNames: ReadonlySet<string>): Claim | { problem: string } {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words[0] === '') return { problem: 'expected "host STATE", "host COUNTER OP VALUE", "VM COLUMN OP VALUE" or "VM on|off"' };
  const [subject, ...rest] = words;
  if (subject === 'host') {
    if (rest.length === 1) {
      const states = rest[0].split('|');
      const bad = states.find((s) => !MEM_STATES.includes(s as MemState));
      if (bad !== undefined) return { problem: `"${bad}" is not a host state (${MEM_STATES.join(', ')})` };
      return { text, kind: 'hostState', states: states as MemState[] };
    }
    const cmp = comparison(rest, (id) => HOST_IDS.has(id), `a host counter (${HOST_COUNTER_IDS.join(', ')})`);
    if ('problem' in cmp) return cmp;
    return { text, kind: 'hostValue', counter: cmp.id as HostCounterId, op: cmp.op, rhs: cmp.rhs as Operand<HostCounterId> };
  }
  const vms = subject.split(',');
  const unknown = vms.find((v) => !vmNames.has(v));
  if (unknown !== undefined) return { problem: `no VM named "${unknown}" (have: ${[...vmNames].join(', ')}; or "host")` };
  if (rest.length === 1 && (rest[0] === 'on' || rest[0] === 'off')) return { text, kind: 'vmPower', vms, on: rest[0] === 'on' };
  const cmp = comparison(rest, (id) => counterColumn(id) !== undefined, 'a column of the memory page (MCTLSZ, SWCUR, ...)');
  if ('problem' in cmp) return cmp;
  return { text, kind: 'vmValue', vms, column: cmp.id as CounterId, op: cmp.op, rhs: cmp.rhs as Operand<CounterId> };
}

function comparison(words: string[], isId: (id: string) => boolean, what: string): { id: string; op: Op; rhs: Operand<string> } | { problem: string } {
  const [id, op, ...value] = words;
  if (!isId(id)) return { problem: `"${id}" is not ${what}` };
  if (!OPS.includes(op as Op)) return { problem: `expected an operator (${OPS.join(' ')}) after ${id}, got ${op === undefined ? 'nothing' : `"${op}"`}` };
  const rhs = operand(value, isId);
  if (rhs === null) return { problem: `expected a number, a counter, or a share like "95% ${id}" after "${op}", got "${value.join(' ')}"` };
  return { id, op: op as Op, rhs };
}

function operand(words: string[], isId: (id: string) => boolean): Operand<string> | null {
  if (words.length === 1) {
    const n = Number(words[0]);
    if (words[0] !== '' && Number.isFinite(n)) return { kind: 'number', value: n };
    return isId(words[0]) ? { kind: 'counter', id: words[0], share: 1 } : null;
  }
  const m = words.length === 2 ? /^(\d+(?:\.\d+)?)%$/.exec(words[0]) : null;
  if (!m || !isId(words[1])) return null;
  return { kind: 'counter', id: words[1], share: Number(m[1]) / 100 };
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}

const show = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function findVm(s: Sample, name: string): Group | undefined {
  return s.groups.find((g) => g.kind === 'vm' && g.name === name);
}

/** null when the claim holds on the sample; otherwise what the sample shows instead, in words. */
export function claimFailure(claim: Claim, s: Sample): string | null {
  switch (claim.kind) {
    case 'hostState':
      return s.host.state !== null && claim.states.includes(s.host.state) ? null : `the host is ${s.host.state ?? 'in no known state'}`;
    case 'hostValue': {
      const values = s.host.values;
      const a = values[claim.counter];
      const b = claim.rhs.kind === 'number' ? claim.rhs.value : scaled(values[claim.rhs.id], claim.rhs.share);
      if (a === null || b === null) return `the host has no ${a === null ? claim.counter : (claim.rhs as { id: string }).id}`;
      if (compare(a, claim.op, b)) return null;
      return `host ${claim.counter} is ${show(a)}${claim.rhs.kind === 'counter' ? ` (${show(b)} = ${shareText(claim.rhs.share)}${claim.rhs.id})` : ''}`;
    }
    case 'vmPower': {
      const off = claim.vms.filter((n) => !findVm(s, n));
      const wrong = claim.on ? off : claim.vms.filter((n) => !off.includes(n));
      return wrong.length === 0 ? null : `${wrong.join(', ')} ${claim.on ? 'is not on the host' : 'is on the host'}`;
    }
    case 'vmValue': {
      const problems: string[] = [];
      for (const name of claim.vms) {
        const g = findVm(s, name);
        if (!g) {
          problems.push(`${name} is not on the host`);
          continue;
        }
        const a = g.values[claim.column];
        const b = claim.rhs.kind === 'number' ? claim.rhs.value : scaled(g.values[claim.rhs.id], claim.rhs.share);
        if (a === null || b === null) {
          problems.push(`${name} has no ${a === null ? claim.column : getColumn((claim.rhs as { id: CounterId }).id).id}`);
          continue;
        }
        if (!compare(a, claim.op, b)) problems.push(`${name} ${claim.column} is ${show(a)}${claim.rhs.kind === 'counter' ? ` (${shareText(claim.rhs.share)}${claim.rhs.id} = ${show(b)})` : ''}`);
      }
      return problems.length === 0 ? null : problems.join('; ');
    }
  }
}

function scaled(v: Value, share: number): number | null {
  return v === null ? null : v * share;
}

function shareText(share: number): string {
  return share === 1 ? '' : `${show(share * 100)}% `;
}
