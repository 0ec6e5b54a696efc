/**
 * A loopback HTTP proxy between a vSphere client and vcsim that times the
 * server: for every request, when the proxy had it whole and how long the
 * server then took to answer it completely. A client's own time for a poll is
 * its wall time less the server's; the proxy also keeps the last request
 * body of each SOAP method (for a peer client to replay) and, when asked, the
 * answers (for the parser benchmark).
 */
import { request, createServer, Agent, type Server } from 'node:http';

export interface Exchange {
  method: string;
  /** performance.now() when the whole request had arrived. */
  receivedAt: number;
  /** How long the server took, from the request forwarded to its answer complete. */
  serverMs: number;
  answerBytes: number;
}

export class TimingProxy {
  readonly exchanges: Exchange[] = [];
  /** The last request body of each SOAP method (and `GET` for documents), with its SOAPAction. */
  readonly lastRequests = new Map<string, { body: string; soapAction: string }>();
  /** The last answer of each method, when `keepAnswers` is set. */
  readonly lastAnswers = new Map<string, string>();
  keepAnswers = false;
  private server: Server | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(private readonly target: URL) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const receivedAt = performance.now();
        const method = /<(\w+) xmlns="urn:vim25">/.exec(body.toString('utf8', 0, Math.min(body.length, 1000)))?.[1] ?? req.method ?? 'GET';
        const soapAction = String(req.headers.soapaction ?? '');
        this.lastRequests.set(method, { body: body.toString('utf8'), soapAction });
        const up = request(
          { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers: req.headers, agent: this.agent },
          (answer) => {
            const out: Buffer[] = [];
            answer.on('data', (d: Buffer) => out.push(d));
            answer.on('end', () => {
              const whole = Buffer.concat(out);
              this.exchanges.push({ method, receivedAt, serverMs: performance.now() - receivedAt, answerBytes: whole.length });
              if (this.keepAnswers) this.lastAnswers.set(method, whole.toString('utf8'));
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(whole);
            });
          },
        );
        up.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        up.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as { port: number }).port;
    return `http://127.0.0.1:${port}/sdk`;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A client's own time for each poll: from the poll's first request reaching
 * the proxy to the client reporting its sample, less the server's time for
 * the poll's requests. `reportedAt` are the times the client's samples (or
 * its lines) arrived; the first poll (the setup) is left out.
 */
export function ownTimes(exchanges: readonly Exchange[], reportedAt: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 1; k < reportedAt.length; k++) {
    const inPoll = exchanges.filter((e) => e.receivedAt > reportedAt[k - 1] && e.receivedAt <= reportedAt[k]);
    if (inPoll.length === 0) continue;
    const server = inPoll.reduce((a, e) => a + e.serverMs, 0);
    out.push(reportedAt[k] - inPoll[0].receivedAt - server);
  }
  return out;
}
