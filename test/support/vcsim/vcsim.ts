/**
 * vcsim for tests and the benchmark: builds the project's small Go program
 * (`test/support/vcsim/src/main.go`, govmomi's simulator with injected balloon and
 * swap metrics) once into `test/support/vcsim/bin/` (gitignored; rebuilt when the
 * source is newer), starts it on a free loopback port, and stops it.
 *
 * Needs Debian's golang-go and golang-github-vmware-govmomi-dev (`.ci/run`
 * installs both); `requireVcsim` skips a test without them, and fails it
 * under CI=true.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, type TestContext } from 'node:test';

/** The project root, from `dist/test/support/vcsim/` or `dist/bench/` alike. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = resolve(dir, '..');
    if (up === dir) throw new Error('vcsim: project root not found');
    dir = up;
  }
  return dir;
}

const ROOT = projectRoot();
const SOURCE = join(ROOT, 'test', 'support', 'vcsim', 'src', 'main.go');
const BIN_DIR = join(ROOT, 'test', 'support', 'vcsim', 'bin');
export const VCSIM_BINARY = join(BIN_DIR, 'vcsim-balloon');
const GOPATH = process.env.BALLOONTOP_GOPATH ?? '/usr/share/gocode';
const GOVMOMI = join(GOPATH, 'src', 'github.com', 'vmware', 'govmomi', 'simulator');

export interface VmProfile {
  name: string;
  ref: string;
  host: string;
  hostRef: string;
  memoryMB: number;
  toolsRunning: boolean;
  balloonKB: number;
  balloonTargetKB: number;
  swappedKB: number;
  swapTargetKB: number;
  swapInKBps: number;
  swapOutKBps: number;
  compressedKB: number;
  consumedKB: number;
  grantedKB: number;
  activeKB: number;
  activeWriteKB: number;
  entitlementKB: number;
  overheadKB: number;
  overheadMaxKB: number;
  zipSavedKB: number;
  zeroKB: number;
  sharedKB: number;
  /** mem.usage: hundredths of a percent of the configured memory. */
  usage: number;
  reservationMB: number;
  /** -1: no limit. */
  limitMB: number;
  sharesLevel: 'low' | 'normal' | 'high' | 'custom';
  shares: number;
  /** sched.mem.maxmemctl in extraConfig; -1: not set. */
  maxMemctlMB: number;
}

export interface HostProfile {
  name: string;
  ref: string;
  cluster: string;
  /** Inventory path, as govc prints it (`/DC0/host/DC0_C0/DC0_C0_H0`). */
  path: string;
  state: number;
  memoryBytes: number;
  balloonKB: number;
  swapUsedKB: number;
  swapInKBps: number;
  swapOutKBps: number;
  compressedKB: number;
  sysUsageKB: number;
  consumedKB: number;
  lowFreeThresholdKB: number;
  reservedCapacityMB: number;
  unreservedKB: number;
  sharedKB: number;
  sharedCommonKB: number;
}

export interface ClusterProfile {
  name: string;
  ref: string;
  path: string;
}

export interface VcsimOptions {
  model?: 'esx' | 'vpx';
  /** VMs per resource pool (ESX: the VM count). */
  vms?: number;
  clusterHosts?: number;
  /** vpx: a second datacenter whose cluster and standalone host are named as the first one's. */
  duplicateNames?: boolean;
  tls?: boolean;
  /** Accept only this login (stock vcsim accepts any non-empty one). */
  user?: string;
  password?: string;
  /** `127.0.0.1:PORT` to reuse a port (restart tests); default a free port. */
  listen?: string;
}

export interface Vcsim {
  /** http(s)://127.0.0.1:PORT/sdk */
  url: string;
  port: number;
  /** PEM file of the simulator's certificate (TLS only). */
  ca: string | null;
  vmCount: number;
  /** Profiles of the VMs (for up to 64 VMs), sorted by name. */
  vms: VmProfile[];
  /** Sorted by inventory path. */
  hosts: HostProfile[];
  clusters: ClusterProfile[];
  /** The simulator's process id (to freeze it with SIGSTOP, as a hung server). */
  pid: number;
  /** Delay every call of a SOAP method by `ms` from now on (a slow server). */
  delay(method: string, ms: number): Promise<void>;
  /** Set a host's runtime.connectionState (`disconnected`, `notResponding`, `connected`). */
  connection(hostRef: string, state: string): Promise<void>;
  stop(): Promise<void>;
}

export function vcsimAvailable(): string | null {
  if (spawnSync('sh', ['-c', 'command -v go'], { stdio: 'ignore' }).status !== 0) return 'go is not installed (apt-get install golang-go)';
  if (!existsSync(GOVMOMI)) return `govmomi is not installed under ${GOPATH} (apt-get install golang-github-vmware-govmomi-dev)`;
  return null;
}

/** Returns true when the test may go on; otherwise skips it (or throws under CI=true). */
export function requireVcsim(t: TestContext): boolean {
  const missing = vcsimAvailable();
  if (missing === null) return true;
  if (process.env.CI === 'true') throw new Error(`vcsim is required under CI=true: ${missing}`);
  t.skip(missing);
  return false;
}

function upToDate(): boolean {
  return existsSync(VCSIM_BINARY) && statSync(VCSIM_BINARY).mtimeMs >= statSync(SOURCE).mtimeMs;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Build the simulator program unless a binary newer than its source exists.
 * Test files run in parallel processes: one builds (a lock directory), the
 * others wait for it; the binary appears by an atomic rename.
 */
export function buildVcsim(): string {
  if (upToDate()) return VCSIM_BINARY;
  mkdirSync(BIN_DIR, { recursive: true });
  const lock = join(BIN_DIR, '.build-lock');
  const deadline = Date.now() + 10 * 60 * 1000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (upToDate()) return VCSIM_BINARY;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 5 * 60 * 1000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error('vcsim-balloon: waited 10 minutes for another build');
      sleepSync(200);
    }
  }
  try {
    if (upToDate()) return VCSIM_BINARY;
    return buildLocked();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildLocked(): string {
  const tmp = `${VCSIM_BINARY}.${process.pid}.tmp`;
  const r = spawnSync('go', ['build', '-o', tmp, SOURCE], {
    cwd: join(ROOT, 'test', 'support', 'vcsim', 'src'),
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: process.env.GOCACHE ?? join(BIN_DIR, '.gocache'), GOFLAGS: '' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`building vcsim-balloon failed:\n${r.stderr}`);
  renameSync(tmp, VCSIM_BINARY);
  return VCSIM_BINARY;
}

export async function startVcsim(opts: VcsimOptions = {}): Promise<Vcsim> {
  const bin = buildVcsim();
  const args = ['-model', opts.model ?? 'esx', '-vms', String(opts.vms ?? 4), '-listen', opts.listen ?? '127.0.0.1:0'];
  if (opts.clusterHosts !== undefined) args.push('-cluster-hosts', String(opts.clusterHosts));
  if (opts.duplicateNames) args.push('-duplicate-names');
  if (opts.tls) args.push('-tls');
  if (opts.user !== undefined) args.push('-user', opts.user, '-password', opts.password ?? '');
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const nextLine = () =>
    new Promise<string>((resolveLine, reject) => {
      const l = lines.shift();
      if (l !== undefined) return resolveLine(l);
      const timer = setTimeout(() => reject(new Error(`vcsim-balloon did not answer in 120 s: ${stderr}`)), 120000);
      waiters.push((line) => {
        clearTimeout(timer);
        resolveLine(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`vcsim-balloon exited (${code}): ${stderr}`));
      });
    });
  const info = JSON.parse(await nextLine()) as { url: string; ca: string; vmCount: number; vms: VmProfile[]; hosts: HostProfile[]; clusters: ClusterProfile[] | null };
  let stopped = false;
  return {
    url: info.url,
    port: Number(new URL(info.url).port),
    ca: info.ca || null,
    vmCount: info.vmCount,
    vms: info.vms,
    hosts: info.hosts,
    clusters: info.clusters ?? [],
    pid: child.pid ?? 0,
    async delay(method, ms) {
      child.stdin.write(`delay ${method} ${ms}\n`);
      await nextLine();
    },
    async connection(hostRef, state) {
      child.stdin.write(`connection ${hostRef} ${state}\n`);
      const answer = await nextLine();
      if (answer !== 'ok') throw new Error(`vcsim-balloon: connection ${hostRef}: ${answer}`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      child.stdin.end('quit\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * One simulator shared by the tests of a file: started before them, stopped
 * after. The returned function gives it to a test, or skips the test when
 * vcsim cannot be built here (and fails it under CI=true).
 */
export function vcsimForFile(opts: VcsimOptions): (t: TestContext) => Vcsim | null {
  let sim: Vcsim | null = null;
  before(async () => {
    if (vcsimAvailable() === null) sim = await startVcsim(opts);
  });
  after(async () => {
    await sim?.stop();
  });
  return (t) => {
    if (sim) return sim;
    if (requireVcsim(t)) throw new Error('vcsim is available but did not start');
    return null;
  };
}
