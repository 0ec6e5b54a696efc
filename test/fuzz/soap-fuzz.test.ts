/**
 * Fuzz: vSphere SOAP answers (XML envelopes, faults, service versions) from a
 * real loopback HTTP server. In-process through the SOAP client: an answer or
 * one VsphereError whose message a terminal can show as it is; and through
 * `balloontop live` as a whole process.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { SoapClient } from '../../src/sources/vsphere/soap-client';
import { isVsphereError } from '../../src/sources/vsphere/vsphere-error';
import { assertHandled, assertNoTerminalControls } from '../support/hostile';
import { fuzzer, mutate, runBounded } from './fuzz-kit';

const IN_PROCESS = 200;
const WHOLE_PROCESS = 6;

const ENVELOPE = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const VERSIONS = '<?xml version="1.0" encoding="UTF-8" ?><namespaces version="1.0"><namespace><name>urn:vim25</name><version>6.7</version><priorVersions><version>6.5</version></priorVersions></namespace></namespaces>';
const SEEDS = [
  ENVELOPE('<RetrieveServiceContentResponse xmlns="urn:vim25"><returnval><rootFolder type="Folder">ha-folder-root</rootFolder><propertyCollector type="PropertyCollector">ha-property-collector</propertyCollector><viewManager type="ViewManager">ViewManager</viewManager><about><name>VMware ESXi</name><fullName>VMware ESXi 6.7.0 build-8169922</fullName><apiType>HostAgent</apiType><apiVersion>6.7</apiVersion></about><sessionManager type="SessionManager">ha-sessionmgr</sessionManager><perfManager type="PerformanceManager">ha-perfmgr</perfManager></returnval></RetrieveServiceContentResponse>'),
  ENVELOPE('<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Cannot complete login due to an incorrect user name or password.</faultstring><detail><InvalidLoginFault xmlns="urn:vim25" xsi:type="InvalidLogin"></InvalidLoginFault></detail></soapenv:Fault>'),
  ENVELOPE('<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>The object has already been deleted or has not been completely created</faultstring><detail><ManagedObjectNotFoundFault xmlns="urn:vim25" xsi:type="ManagedObjectNotFound"><obj type="VirtualMachine">vm-42</obj></ManagedObjectNotFoundFault></detail></soapenv:Fault>'),
  ENVELOPE('<RetrievePropertiesExResponse xmlns="urn:vim25"><returnval><token>1</token><objects><obj type="VirtualMachine">vm-1</obj><propSet><name>name</name><val xsi:type="xsd:string">web&amp;01</val></propSet><propSet><name>config.hardware.memoryMB</name><val xsi:type="xsd:int">2048</val></propSet></objects></returnval></RetrievePropertiesExResponse>'),
];

/** A loopback vSphere endpoint whose every answer comes from `answer`. */
async function endpoint(t: TestContext, answer: (method: string) => { status: number; body: string }): Promise<URL> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const a = answer(req.method === 'GET' ? 'GET' : /<(\w+) xmlns="urn:vim25">/.exec(Buffer.concat(chunks).toString())?.[1] ?? '?');
      res.writeHead(a.status, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/sdk`);
}

test(`fuzz: ${IN_PROCESS} mutated SOAP answers through the SOAP client: an element or one VsphereError a terminal can show`, async (t) => {
  const { rng, where } = fuzzer('soap');
  let current = { status: 200, body: SEEDS[0] };
  const url = await endpoint(t, () => current);
  const client = new SoapClient({ url, tls: { insecure: false, ca: [] }, timeoutMs: 5000 });
  t.after(() => client.close());
  for (let i = 0; i < IN_PROCESS; i++) {
    const seed = SEEDS[i % SEEDS.length];
    current = { status: seed.includes('Fault>') || rng.next() < 0.2 ? 500 : 200, body: mutate(rng, seed, 6, 50_000) };
    try {
      await client.call(i % 2 === 0 ? 'RetrieveServiceContent' : 'RetrievePropertiesEx', { type: 'ServiceInstance', value: 'ServiceInstance' });
    } catch (err) {
      assert.ok(isVsphereError(err), `${where(i)}: ${String(err)}`);
      assert.ok(!err.message.includes('\n'), `${where(i)}: one line`);
      assertNoTerminalControls(err.message, where(i));
    }
  }
});

test(`fuzz: ${WHOLE_PROCESS} endpoints answering mutated SOAP through balloontop live -b`, async (t) => {
  const { rng, where } = fuzzer('soap-cli');
  let round = 0;
  const url = await endpoint(t, (method) => {
    if (method === 'GET') return { status: 200, body: round % 3 === 0 ? mutate(rng, VERSIONS, 3) : VERSIONS };
    const seed = method === 'RetrieveServiceContent' ? SEEDS[0] : SEEDS[1 + rng.int(0, 2)];
    return { status: seed.includes('Fault>') ? 500 : 200, body: mutate(rng, seed, 4, 20_000) };
  });
  for (let i = 0; i < WHOLE_PROCESS; i++, round++) {
    const r = await runBounded(['live', url.href, '-u', 'fuzz', '--password', 'fuzz', '-b', '-n', '1', '--timeout', '2'], { env: { GOVC_URL: '', GOVC_PASSWORD: '' } });
    assertHandled(r, where(i), { codes: [0, 1, 2], stdoutIsData: true });
  }
});
