/** Real samples for frame tests, read once per file from the shared captures. */
import { CaptureSource } from '../../src/sources/capture/capture-source';
import type { Sample } from '../../src/sample/sample';
import { capture } from '../support/paths';

const cache = new Map<string, Promise<Sample[]>>();

export function captureSamples(name: string): Promise<Sample[]> {
  let p = cache.get(name);
  if (!p) {
    p = (async () => {
      const src = await CaptureSource.open(capture(name));
      const out: Sample[] = [];
      for (let s; (s = await src.next()); ) out.push(s);
      await src.close();
      return out;
    })();
    cache.set(name, p);
  }
  return p;
}
