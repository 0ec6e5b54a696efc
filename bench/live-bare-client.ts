/**
 * The peer of `balloontop live` in bench/live.ts: the least a client must do
 * for the same poll. It logs in, makes the same container view, then sends
 * balloontop's own poll requests (RetrievePropertiesEx over the view and
 * QueryPerf, as the proxy recorded them) every DELAY ms and reads each answer
 * whole without parsing it, printing one line per poll as balloontop prints
 * its sample.
 *
 *   node dist/bench/live-bare-client.js URL REQUESTS.json POLLS DELAY_MS
 */
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';

interface Recorded {
  body: string;
  soapAction: string;
}

const [url, file, pollsArg, delayArg] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(file, 'utf8')) as Record<'Login' | 'CreateContainerView' | 'RetrievePropertiesEx' | 'QueryPerf', Recorded>;
const agent = new Agent({ keepAlive: true, maxSockets: 2 });
let cookie: string | null = null;

function post(r: Recorded, body = r.body): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'text/xml; charset="utf-8"', SOAPAction: r.soapAction, 'Content-Length': String(Buffer.byteLength(body)) };
    if (cookie) headers.Cookie = cookie;
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const set = res.headers['set-cookie']?.[0];
        if (set) cookie = set.split(';')[0];
        resolve(Buffer.concat(chunks));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  await post(requests.Login);
  const view = /<returnval type="ContainerView">([^<]+)</.exec((await post(requests.CreateContainerView)).toString('utf8'))?.[1];
  if (!view) throw new Error('no container view');
  const props = requests.RetrievePropertiesEx.body.replace(/(<obj type="ContainerView">)[^<]+/, `$1${view}`);
  for (let i = 0; i < Number(pollsArg); i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, Number(delayArg)));
    await post(requests.RetrievePropertiesEx, props);
    await post(requests.QueryPerf);
    process.stdout.write(`poll ${i + 1}\n`);
  }
  agent.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`live-bare-client: ${String(err)}\n`);
  process.exitCode = 1;
});
