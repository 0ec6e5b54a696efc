/** Number and list formatting shared by the finding texts. */

const round2 = (x: number) => Math.round(x * 100) / 100;

/** `1302 MB`, `459.80 MB`: whole numbers as they are, others with esxtop's two decimals. */
export function mb(x: number): string {
  const r = round2(x);
  return `${Number.isInteger(r) ? r : r.toFixed(2)} MB`;
}

export function rate(x: number): string {
  return `${round2(x).toFixed(2)} MB/s`;
}

export function pct(x: number): string {
  return `${Math.round(x)}%`;
}

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Upper-cases the first letter. */
export function capital(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
