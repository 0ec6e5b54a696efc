/**
 * Adding a column is one line in the registry plus what the compiler lists.
 *
 * A copy of the sources gets one new line in `group-fields.ts`; the compiler
 * must then name exactly the mappings that have to say where the new
 * counter comes from (the esxtop batch name, the simulated host's producer)
 * and nothing else. With those two filled in, the copy compiles, and the new
 * column reaches the `f` panel, the table, `-b`, `--json` and recordings
 * without another change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/paths';

const NEW_COLUMN = "    mb('MCTLPK', 'Largest balloon size seen (a column added by a test)'),";

function edit(file: string, after: string, line: string): void {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(after), `${file} has ${after}`);
  writeFileSync(file, text.replace(after, `${after}\n${line}`));
}

function compile(dir: string): { files: string[]; output: string } {
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  const files = [...new Set([...output.matchAll(/^([^\s(]+\.ts)\(\d+,\d+\): error/gm)].map((m) => m[1]))].sort();
  return { files, output };
}

test('a new column: one registry line, then the compiler lists exactly the mappings to fill', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'balloontop-column-'));
  try {
    cpSync(join(PROJECT_ROOT, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'screens'), join(dir, 'screens'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'));
    const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.json'), 'utf8')) as { include: string[]; compilerOptions: Record<string, unknown> };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...config, include: ['src/**/*.ts', 'screens/**/*.ts'], compilerOptions: { ...config.compilerOptions, outDir: 'dist', sourceMap: false } }));

    edit(join(dir, 'src/fields/group-fields.ts'), "    mb('MCTLMAX', 'Most the balloon may take (65% of configured memory by default)'),", NEW_COLUMN);
    const listed = compile(dir);
    assert.deepEqual(listed.files, ['src/sources/capture/esxtop-counters.ts', 'src/sources/simulation/sample-builder.ts'], listed.output);

    edit(join(dir, 'src/sources/capture/esxtop-counters.ts'), "  MCTLMAX: 'Memctl Max MBytes',", "  MCTLPK: 'Memctl Peak MBytes',");
    edit(join(dir, 'src/sources/simulation/sample-builder.ts'), "  MCTLMAX: (v) => v.mctlMax,", '  MCTLPK: null,');
    const filled = compile(dir);
    assert.deepEqual(filled.files, [], filled.output);

    // The built copy: the column is in the f panel, the table, -b, --json and a recording, from the registry alone.
    const probe = `
      const { fieldsScreen } = require('./dist/screens/panels/fields-screen');
      const { defaultFieldLayout, toggleField } = require('./dist/src/config/field-layout');
      const { initialView } = require('./dist/screens/view-state');
      const { lineText } = require('./dist/screens/parts/line');
      const { tableScreen } = require('./dist/screens/memory/table-screen');
      const { BatchCsvWriter } = require('./dist/src/output/batch-csv');
      const { jsonLine } = require('./dist/src/output/json-lines');
      const { makeHeader, encodeSample, decodeSample, fieldMap } = require('./dist/src/sources/recording/format');
      const { emptyGroupValues } = require('./dist/src/fields/registry');
      const { emptyHostValues } = require('./dist/src/fields/host-counters');
      const view = { ...initialView(toggleField(defaultFieldLayout(), 'J'), 5) };
      const values = { ...emptyGroupValues(), MCTLPK: 1302.5, MEMSZ: 2048 };
      const sample = { time: Date.UTC(2018, 3, 24), host: { hostname: 'esx', values: emptyHostValues(), state: null, extra: {} }, groups: [{ gid: 7, name: 'vm7', kind: 'vm', values, extra: {} }] };
      const input = { view, sample, rows: sample.groups, notes: [], width: 400, height: 40, status: null };
      const panel = fieldsScreen.body(input, 40).lines.map(lineText).join('\\n');
      const table = tableScreen.body(input, 40).lines.map(lineText).join('\\n');
      const csv = new BatchCsvWriter();
      const b = csv.header(sample) + csv.row(sample);
      const header = makeHeader({ kind: 'capture', label: 'x' }, 'esx');
      const back = decodeSample(encodeSample(sample, header), header, fieldMap(header.fields));
      process.stdout.write(JSON.stringify({ panel, table, b, json: jsonLine(sample), recorded: back.groups[0].values.MCTLPK }));
    `;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { panel: string; table: string; b: string; json: string; recorded: number };
    assert.match(out.panel, /MCTL\?.*MCTLMAX MCTLPK/, 'the f panel lists it in group J');
    assert.match(out.table, /MCTLMAX +MCTLPK/, 'the table has its title');
    assert.match(out.table, /1302\.50/, 'and its value');
    assert.match(out.b, /Group Memory\(7:vm7\)\\Memctl Peak MBytes/, '-b writes its batch name');
    assert.match(out.json, /"MCTLPK":1302\.5/, '--json has it');
    assert.equal(out.recorded, 1302.5, 'a recording keeps it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
