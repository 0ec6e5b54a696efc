/**
 * The receiving side of bench/feed.ts, in a worker thread so that the 50
 * clients do not share the server's event loop: connects N bare feed
 * clients, notes when each sample frame arrives, and reports when every
 * client has the end frame.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { encodeClientHello, FEED_PROTOCOL, isSampleFrame, messageText } from '../src/feed/protocol';

const { url, clients } = workerData as { url: string; clients: number };
const now = () => performance.timeOrigin + performance.now();

interface ClientResult {
  received: number;
  /** Arrival times (absolute ms) by sample time. */
  arrivals: [number, number][];
}

async function main(): Promise<void> {
  const results: ClientResult[] = [];
  let ended = 0;
  const done = new Promise<void>((resolve) => {
    for (let i = 0; i < clients; i++) {
      const r: ClientResult = { received: 0, arrivals: [] };
      results.push(r);
      const ws = new WebSocket(url, FEED_PROTOCOL, { perMessageDeflate: false, maxPayload: 64 << 20 });
      let hello = false;
      ws.on('open', () => ws.send(encodeClientHello(0, null, 'bench')));
      ws.on('message', (data) => {
        const text = messageText(data);
        if (!hello) {
          hello = true;
          return;
        }
        if (isSampleFrame(text)) {
          r.received++;
          // The time is the first key: no need to parse the whole frame.
          const t = Number(text.slice(5, text.indexOf(',')));
          r.arrivals.push([t, now()]);
        } else if (text.includes('"end"')) {
          if (++ended === clients) resolve();
          ws.close();
        }
      });
    }
  });
  await done;
  parentPort!.postMessage({ type: 'done', results });
}

void main();
