/** The file name the dashboard proposes for a recording: where it comes from and when it started. */
import type { SourceInfo } from '../sources/source';

export function defaultRecordingName(info: SourceInfo, hostname: string | null, now: Date): string {
  const from = hostname ?? hostFromLabel(info.label) ?? info.kind;
  const safe = from.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 60) || info.kind;
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `balloontop-${safe}-${stamp}.jsonl.gz`;
}

function hostFromLabel(label: string): string | null {
  try {
    return new URL(label).hostname || null;
  } catch {
    return null;
  }
}
