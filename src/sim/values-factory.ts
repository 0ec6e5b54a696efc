/**
 * Builds per-group `values` records fast: one object literal with every
 * registry counter column, compiled once from the registry (so the column
 * list is never written by hand), instead of 47 property additions per group.
 * With 1,000 VMs this is the difference between about 1 ms and 10 ms a step.
 */
import { COUNTER_COLUMNS } from '../fields/registry';
import type { Value } from '../sample/sample';

export type ValuesFactory = (values: ArrayLike<Value>) => Record<string, Value>;

export function compileValuesFactory(ids: readonly string[]): ValuesFactory {
  const body = `return {${ids.map((id, i) => `${JSON.stringify(id)}: v[${i}]`).join(', ')}};`;
  return new Function('v', body) as ValuesFactory;
}

/** Column ids in registry order, and a factory for records with exactly those keys. */
export const COUNTER_IDS: readonly string[] = COUNTER_COLUMNS.map((c) => c.id);
export const makeCounterValues: ValuesFactory = compileValuesFactory(COUNTER_IDS);
