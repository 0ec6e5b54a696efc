/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so
 * that a seed makes a simulation repeat exactly. Math.random is never used.
 */

/** Mixes a 32-bit value (splitmix32 finaliser). */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for `seed`, optionally on an independent `stream` (one per VM). */
  constructor(seed: number, stream = 0) {
    const s = mix32((seed >>> 0) ^ mix32(stream + 0x51ed27));
    this.a = mix32(s);
    this.b = mix32(this.a);
    this.c = mix32(this.b);
    this.d = mix32(this.c) | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent generator at the same point of the same stream (a snapshot of this one). */
  clone(): Prng {
    const c = Object.create(Prng.prototype) as Prng;
    c.a = this.a;
    c.b = this.b;
    c.c = this.c;
    c.d = this.d;
    return c;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Standard normal (Box-Muller). */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
