/**
 * Every source balloontop can show, by the command that opens it. The
 * dashboard commands, `record` and `serve` all read this one list.
 *
 * A new source is a folder under `src/sources/` (its `SampleSource` and a
 * `command.ts` exporting its `spec`) plus one line here. Specs load on demand,
 * so a command loads only the source it uses.
 */
import type { SourceCommandSpec } from './source-command';

const SOURCES = {
  replay: () => (require('./file/command') as { spec: SourceCommandSpec }).spec,
  sim: () => (require('./simulation/command') as { spec: SourceCommandSpec }).spec,
  live: () => (require('./vsphere/command') as { spec: SourceCommandSpec }).spec,
  connect: () => (require('./remote/command') as { spec: SourceCommandSpec }).spec,
  guest: () => (require('./guest/command') as { spec: SourceCommandSpec }).spec,
} satisfies Record<string, () => SourceCommandSpec>;

type SourceName = keyof typeof SOURCES;

/** The source commands, in the order help lists them. */
export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];

export function isSourceName(name: string): name is SourceName {
  return Object.prototype.hasOwnProperty.call(SOURCES, name);
}

/** The command spec of a source (loads its module). */
export function sourceSpec(name: SourceName): SourceCommandSpec {
  return SOURCES[name]();
}
