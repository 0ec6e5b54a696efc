/**
 * open-vm-tools' `vmware-toolbox-cmd stat balloon|swap|memlimit|memres`
 * (toolbox/toolboxcmd-stat.c, `StatGetMemoryBallooned` and siblings): the
 * host's figures for this VM, read through the VMware Guest API. Each prints
 * `%u MB` on success. On failure it prints to stderr
 * `OpenHandle failed: %s`, `UpdateInfo failed: %s` or
 * `Failed to get <what>: %s`, with VMGuestLib_GetErrorText's text
 * (`VMware Guest API is not enabled on the host`, ...).
 *
 * An unlimited memory limit comes back as 0xFFFFFFFF, printed by `%u` as
 * `4294967295 MB`; balloontop stores it as -1 (no limit), as esxtop's AMAX.
 *
 * Live, the command runs once per sample with a timeout and a cap on its
 * output; under --root its saved output is read from
 * `DIR/vmware-toolbox-cmd/stat-<name>.txt` (stdout and stderr together).
 */
import { execFile } from 'node:child_process';
import { isFailure, readBounded } from './bounded-read';
import type { GuestRoot } from './guest-root';

const TOOLBOX_STATS = ['balloon', 'swap', 'memlimit', 'memres'] as const;
export type ToolboxStat = (typeof TOOLBOX_STATS)[number];

const TOOLBOX_COMMAND = 'vmware-toolbox-cmd';
/** Where `--root` keeps saved output: `DIR/vmware-toolbox-cmd/stat-balloon.txt`. */
const TOOLBOX_SAVED_DIR = 'vmware-toolbox-cmd';
const TIMEOUT_MS = 5000;
const MAX_OUTPUT = 64 * 1024;

const UNLIMITED = 4294967295;

type ToolboxResult = { mb: number } | { problem: string };

function clean(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The output of one `stat` subcommand (stdout and stderr together). */
export function parseToolboxStat(stat: ToolboxStat, output: string): ToolboxResult {
  const value = /^\s*(\d+)\s*MB\s*$/m.exec(output);
  if (value) {
    const n = Number(value[1]);
    return { mb: stat === 'memlimit' && n >= UNLIMITED ? -1 : n };
  }
  const error = /^\s*((?:OpenHandle failed|UpdateInfo failed|Failed to get [^:\n]+):.*)$/m.exec(output);
  if (error) return { problem: clean(error[1]) };
  const first = output.split('\n').find((l) => l.trim() !== '');
  return { problem: first === undefined ? 'no output' : `unexpected output "${clean(first)}"` };
}

/** Runs `vmware-toolbox-cmd stat <stat>`; ENOENT means not installed. */
function runStat(stat: ToolboxStat): Promise<{ output: string } | { notInstalled: true } | { problem: string }> {
  return new Promise((resolve) => {
    execFile(
      TOOLBOX_COMMAND,
      ['stat', stat],
      { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, env: { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: 'C' }, windowsHide: true },
      (err, stdout, stderr) => {
        const code = (err as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') return resolve({ notInstalled: true });
        if (err && (err as { killed?: boolean }).killed) return resolve({ problem: `no answer in ${TIMEOUT_MS / 1000} s` });
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ problem: `more than ${MAX_OUTPUT / 1024} KiB of output` });
        if (code === 'EACCES') return resolve({ problem: 'permission denied' });
        resolve({ output: `${stdout}\n${stderr}` });
      },
    );
  });
}

export interface ToolboxReading {
  values: Partial<Record<ToolboxStat, number>>;
  /** Why a stat is missing, with how to get it. */
  missing: Partial<Record<ToolboxStat, string>>;
}

/** The four stats, live (running the command) or from saved output under --root. */
export async function readToolbox(root: GuestRoot, skipReason: string | null): Promise<ToolboxReading> {
  const reading: ToolboxReading = { values: {}, missing: {} };
  if (root.live && skipReason) {
    for (const stat of TOOLBOX_STATS) reading.missing[stat] = skipReason;
    return reading;
  }
  const results = await Promise.all(TOOLBOX_STATS.map((stat) => (root.live ? liveStat(stat) : savedStat(root, stat, skipReason))));
  TOOLBOX_STATS.forEach((stat, i) => {
    const r = results[i];
    if ('mb' in r) reading.values[stat] = r.mb;
    else reading.missing[stat] = r.problem;
  });
  return reading;
}

async function liveStat(stat: ToolboxStat): Promise<ToolboxResult> {
  const r = await runStat(stat);
  if ('notInstalled' in r) return { problem: `${TOOLBOX_COMMAND} is not installed (install open-vm-tools)` };
  if ('problem' in r) return { problem: `${TOOLBOX_COMMAND} stat ${stat}: ${r.problem}` };
  const parsed = parseToolboxStat(stat, r.output);
  return 'mb' in parsed ? parsed : { problem: `${TOOLBOX_COMMAND} stat ${stat}: ${parsed.problem}` };
}

/** Where saved output may be: balloontop's layout first, then other names for it (an sos report's command output naming). */
function savedNames(stat: ToolboxStat): string[] {
  return [
    `${TOOLBOX_SAVED_DIR}/stat-${stat}.txt`,
    `${TOOLBOX_SAVED_DIR}/stat-${stat}`,
    `${TOOLBOX_SAVED_DIR}/stat_${stat}.txt`,
    `${TOOLBOX_SAVED_DIR}/stat_${stat}`,
    `sos_commands/vmware/vmware-toolbox-cmd_stat_${stat}`,
  ];
}

/** Saved output; when there is none and the guest is not a VMware VM, `skipReason` says why. */
async function savedStat(root: GuestRoot, stat: ToolboxStat, skipReason: string | null): Promise<ToolboxResult> {
  const names = savedNames(stat);
  let rel = names[0];
  let r = readBounded(root.path(rel), MAX_OUTPUT);
  for (const other of names.slice(1)) {
    if (!isFailure(r) || r.failure !== 'absent') break;
    rel = other;
    r = readBounded(root.path(rel), MAX_OUTPUT);
  }
  if (isFailure(r)) {
    if (r.failure === 'absent') return { problem: skipReason ?? `no saved output ${root.show(names[0])} (save "${TOOLBOX_COMMAND} stat ${stat} 2>&1" there)` };
    return { problem: `${root.show(rel)}: ${r.reason}` };
  }
  const parsed = parseToolboxStat(stat, r.text);
  return 'mb' in parsed ? parsed : { problem: `${root.show(rel)}: ${parsed.problem}` };
}
