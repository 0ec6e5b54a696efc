/**
 * A Date whose local-time getters and setters are UTC ones, so that date-fns
 * (`format`, `parse`) works in UTC whatever the machine's TZ. esxtop captures
 * are UTC (`(PDH-CSV 4.0) (UTC)(0)`), and date-fns otherwise formats and
 * parses in local time (a timestamp in a DST gap would shift by an hour).
 */
export class UtcDate extends Date {
  override getFullYear(): number { return this.getUTCFullYear(); }
  override getMonth(): number { return this.getUTCMonth(); }
  override getDate(): number { return this.getUTCDate(); }
  override getDay(): number { return this.getUTCDay(); }
  override getHours(): number { return this.getUTCHours(); }
  override getMinutes(): number { return this.getUTCMinutes(); }
  override getSeconds(): number { return this.getUTCSeconds(); }
  override getMilliseconds(): number { return this.getUTCMilliseconds(); }
  override getTimezoneOffset(): number { return 0; }
  override setFullYear(y: number, m?: number, d?: number): number {
    return m === undefined ? this.setUTCFullYear(y) : d === undefined ? this.setUTCFullYear(y, m) : this.setUTCFullYear(y, m, d);
  }
  override setMonth(m: number, d?: number): number { return d === undefined ? this.setUTCMonth(m) : this.setUTCMonth(m, d); }
  override setDate(d: number): number { return this.setUTCDate(d); }
  override setHours(h: number, m?: number, s?: number, ms?: number): number {
    return this.setUTCHours(h, m ?? this.getUTCMinutes(), s ?? this.getUTCSeconds(), ms ?? this.getUTCMilliseconds());
  }
  override setMinutes(m: number, s?: number, ms?: number): number {
    return this.setUTCMinutes(m, s ?? this.getUTCSeconds(), ms ?? this.getUTCMilliseconds());
  }
  override setSeconds(s: number, ms?: number): number { return this.setUTCSeconds(s, ms ?? this.getUTCMilliseconds()); }
  override setMilliseconds(ms: number): number { return this.setUTCMilliseconds(ms); }
  /** date-fns 4 builds derived dates through this hook, so they stay UTC. */
  [Symbol.for('constructDateFrom')](value: Date | number | string): UtcDate {
    return new UtcDate(typeof value === 'number' ? value : new Date(value).getTime());
  }
}
