import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRecordingName } from '../../../src/output/default-name';

const at = new Date(Date.UTC(2026, 10, 26, 9, 5, 7));

test('the proposed recording name says which host and when (UTC), and is safe as a file name', () => {
  assert.equal(defaultRecordingName({ kind: 'live', label: 'https://esx01.lab/sdk', realtime: true }, 'esx01.lab', at), 'balloontop-esx01.lab-20261126-090507.jsonl.gz');
  assert.equal(defaultRecordingName({ kind: 'live', label: 'https://vc.example.com/sdk', realtime: true }, null, at), 'balloontop-vc.example.com-20261126-090507.jsonl.gz');
  assert.equal(defaultRecordingName({ kind: 'simulation', label: 'overcommit (simulated, seed 1)', realtime: false }, '../../etc/passwd', at), 'balloontop-etc_passwd-20261126-090507.jsonl.gz');
  assert.equal(defaultRecordingName({ kind: 'capture', label: 'x.csv', realtime: false }, null, at), 'balloontop-capture-20261126-090507.jsonl.gz');
});
