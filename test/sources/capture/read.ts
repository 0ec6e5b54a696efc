/** Reads a whole capture for tests: the samples and the warnings, or the error it failed with. */
import { CaptureSource } from '../../../src/sources/capture/capture-source';
import type { Sample } from '../../../src/sample/sample';
import type { SourceWarning } from '../../../src/sources/source';

export async function readCapture(path: string): Promise<{ samples: Sample[]; warnings: SourceWarning[]; source: CaptureSource }> {
  const source = await CaptureSource.open(path);
  const samples: Sample[] = [];
  try {
    for (let s; (s = await source.next()); ) samples.push(s);
  } finally {
    await source.close();
  }
  return { samples, warnings: source.warnings(), source };
}

/** The error reading `path` fails with (open or any next()), or null when it reads to the end. */
export async function readError(path: string): Promise<unknown> {
  try {
    await readCapture(path);
    return null;
  } catch (err) {
    return err;
  }
}
