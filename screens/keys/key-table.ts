/**
 * The README's key table, written from the binding table: the README cannot
 * drift from what the keys do (a test compares them; `npm run docs` rewrites
 * the README's table).
 */
import type { KeyPlace } from './binding';
import { keyLabel, SECTIONS, type KeyBinding } from './binding';

const PLACE_NAMES: Record<KeyPlace, string> = {
  table: 'memory page',
  hostGraph: 'host graph',
  groupGraph: 'group graph',
  fields: 'f panel',
  order: 'o panel',
  help: 'help',
  outline: 'lesson outline',
  act: 'instructor actions',
  prompt: 'prompt',
};

const START = '<!-- keys: generated from the key bindings (npm run docs) -->';
const END = '<!-- /keys -->';

function where(b: KeyBinding, everywhere: number): string {
  if (b.on.length >= everywhere) return 'everywhere';
  const page = ['table', 'hostGraph', 'groupGraph'];
  if (page.every((p) => b.on.includes(p as KeyPlace)) && b.on.length === page.length) return 'memory page and graphs';
  return b.on.map((p) => PLACE_NAMES[p]).join(', ');
}

/** Markdown table cell text: the characters Markdown would take for syntax escaped. */
function cell(text: string): string {
  return text.replace(/[|*<]/g, (c) => `\\${c}`);
}

export function keyTableMarkdown(bindings: readonly KeyBinding[]): string {
  const everywhere = new Set(bindings.flatMap((b) => b.on)).size;
  const out: string[] = [];
  for (const section of SECTIONS) {
    const rows = bindings.filter((b) => b.section === section);
    if (rows.length === 0) continue;
    out.push(`**${section[0].toUpperCase()}${section.slice(1)}**`, '', '| keys | where | what they do |', '| --- | --- | --- |');
    for (const b of rows) out.push(`| ${cell(b.keys.map((k) => `\`${keyLabel([k])}\``).join(' '))} | ${where(b, everywhere)} | ${cell(b.help)} |`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** The README with its key table (between the markers) rewritten. */
export function replaceKeyTable(readme: string, bindings: readonly KeyBinding[]): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${keyTableMarkdown(bindings)}\n${readme.slice(end)}`;
}
