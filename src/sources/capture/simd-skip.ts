/**
 * Skips unwanted CSV cells 32 bytes at a time with WebAssembly SIMD, and
 * decodes runs of wanted plain-number cells.
 *
 * Most of an esxtop capture's bytes are cells the memory page does not need;
 * a byte-at-a-time loop in JavaScript is the reader's bottleneck. This small
 * hand-assembled module (no toolchain needed) finds quotes, commas and line
 * breaks in 32-byte blocks (two 16-byte vectors), tracks whether each byte
 * is inside quotes with a prefix XOR of the quote mask (so `""` escapes take
 * care of themselves), and counts the commas outside quotes.
 *
 * It is only ever a shortcut for the exact state machine in csv-scanner.ts:
 * it starts at a cell start, and returns at a cell start (after the last
 * comma it counted), giving up on a block that holds a line break outside
 * quotes (after counting the commas before it), a block with a line break
 * inside quotes (lines are counted by the state machine), a block that would need the
 * state machine's leniency for malformed quoting (a quote next to plain text
 * outside quotes, as in `a"b` or `"a"b`), or the last < 32 bytes. The
 * scanner then goes on byte by byte from that cell start, so the result is
 * the same with or without it (test/sources/capture/csv-scanner.test.ts checks this).
 */

// Opcodes (WebAssembly core and SIMD).
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const RETURN = 0x0f;
const EMPTY = 0x40;
const LGET = 0x20;
const LSET = 0x21;
const LTEE = 0x22;
const GSET = 0x24;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_GT_U = 0x4b;
const I32_GE_U = 0x4f;
const I32_CLZ = 0x67;
const I32_CTZ = 0x68;
const I32_POPCNT = 0x69;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_AND = 0x71;
const I32_OR = 0x72;
const I32_XOR = 0x73;
const I32_SHL = 0x74;
const I32_SHR_U = 0x76;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00, 0x00, 0x00]; // align 1, offset 0
const I8X16_SPLAT = [SIMD, 0x0f];
const I8X16_EQ = [SIMD, 0x23];
const I8X16_BITMASK = [SIMD, 0x64];
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const str = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const c32 = (n: number) => [I32_CONST, ...sleb(n)];
const get = (l: number) => [LGET, l];
const set = (l: number) => [LSET, l];

// Locals: params, then twelve i32, one v128, one i32.
const P = 0; // position
const END_ = 1; // end of the data
const K = 2; // commas to count
const LAST = 3; // the cell start after the last counted comma
const COUNT = 4;
const INQC = 5; // 0xffff when the previous block ended inside quotes
const CARRY_PLAIN = 6; // the previous block's last byte was plain text outside quotes
const CARRY_CLOSE = 7; // ... was a closing quote
const Q = 8;
const C = 9;
const NL = 10;
const INQ = 11;
const PLAIN = 12;
const T = 13;
const OC = 14;
const V = 15;
const ONL = 16;

const V2 = 17; // the second 16 bytes of a block
const V128_LOAD_16 = [SIMD, 0x00, 0x00, 0x10]; // align 1, offset 16
/** The 32-bit mask of the block's bytes equal to `byte` (the first 16 in the low half). */
const eqMask32 = (byte: number) => [
  ...get(V), ...c32(byte), ...I8X16_SPLAT, ...I8X16_EQ, ...I8X16_BITMASK,
  ...get(V2), ...c32(byte), ...I8X16_SPLAT, ...I8X16_EQ, ...I8X16_BITMASK, ...c32(16), I32_SHL, I32_OR,
];

/** skip(p, end, k) -> cell start; global `count` = separators counted (k when it reached the k-th). Blocks of 32 bytes. */
const skipBody = (sep: number): number[] => [
  ...get(P), ...set(LAST),
  BLOCK, EMPTY,
  LOOP, EMPTY,
  // Fewer than 32 bytes left: done.
  ...get(P), ...c32(32), I32_ADD, ...get(END_), I32_GT_U, BR_IF, 1,
  ...get(P), ...V128_LOAD, ...set(V),
  ...get(P), ...V128_LOAD_16, ...set(V2),
  ...eqMask32(0x22), ...set(Q),
  ...eqMask32(sep), ...set(C),
  ...eqMask32(0x0a), LTEE, ONL, // LF alone for now
  ...eqMask32(0x0d), I32_OR, ...set(NL),
  // inq: bit j set when byte j is inside quotes (prefix XOR of the quote bits, plus the carry).
  ...get(Q), ...get(Q), ...c32(1), I32_SHL, I32_XOR, ...set(T),
  ...get(T), ...get(T), ...c32(2), I32_SHL, I32_XOR, ...set(T),
  ...get(T), ...get(T), ...c32(4), I32_SHL, I32_XOR, ...set(T),
  ...get(T), ...get(T), ...c32(8), I32_SHL, I32_XOR, ...set(T),
  ...get(T), ...get(T), ...c32(16), I32_SHL, I32_XOR, ...get(INQC), I32_XOR, ...set(INQ),
  // plain: bytes outside quotes that are not quotes, commas or line breaks.
  ...get(Q), ...get(C), I32_OR, ...get(NL), I32_OR, ...get(INQ), I32_OR, ...c32(-1), I32_XOR, ...set(PLAIN),
  // Malformed quoting (plain text then an opening quote, or a closing quote then plain text): leave it to the state machine.
  ...get(PLAIN), ...c32(1), I32_SHL, ...get(CARRY_PLAIN), I32_OR, ...get(Q), I32_AND, ...get(INQ), I32_AND,
  ...get(INQ), ...c32(-1), I32_XOR, ...get(Q), I32_AND, LTEE, T, ...c32(1), I32_SHL, ...get(CARRY_CLOSE), I32_OR, ...get(PLAIN), I32_AND,
  I32_OR,
  // A line break inside quotes: the state machine counts lines.
  ...get(ONL), ...get(INQ), I32_AND, I32_OR,
  BR_IF, 1,
  // Carries for the next block.
  ...get(PLAIN), ...c32(31), I32_SHR_U, ...set(CARRY_PLAIN),
  ...get(T), ...c32(31), I32_SHR_U, ...set(CARRY_CLOSE),
  ...c32(0), ...get(INQ), ...c32(31), I32_SHR_U, I32_SUB, ...set(INQC),
  // Commas outside quotes, only those before a line break outside quotes.
  ...get(C), ...get(INQ), ...c32(-1), I32_XOR, I32_AND, ...set(OC),
  ...get(NL), ...get(INQ), ...c32(-1), I32_XOR, I32_AND, LTEE, ONL,
  IF, EMPTY,
  ...get(OC), ...c32(1), ...get(ONL), I32_CTZ, I32_SHL, ...c32(1), I32_SUB, I32_AND, ...set(OC),
  END,
  ...get(OC), I32_POPCNT, ...set(T),
  // Enough commas in this block: find the (k - count)-th.
  ...get(T), ...get(K), ...get(COUNT), I32_SUB, I32_GE_U,
  IF, EMPTY,
  ...get(K), ...get(COUNT), I32_SUB, ...c32(1), I32_SUB, ...set(T),
  BLOCK, EMPTY,
  LOOP, EMPTY,
  ...get(T), I32_EQZ, BR_IF, 1,
  ...get(OC), ...get(OC), ...c32(1), I32_SUB, I32_AND, ...set(OC),
  ...get(T), ...c32(1), I32_SUB, ...set(T),
  BR, 0,
  END,
  END,
  ...get(K), GSET, 0,
  ...get(P), ...get(OC), I32_CTZ, I32_ADD, ...c32(1), I32_ADD, RETURN,
  END,
  ...get(T),
  IF, EMPTY,
  ...get(COUNT), ...get(T), I32_ADD, ...set(COUNT),
  ...get(P), ...c32(32), ...get(OC), I32_CLZ, I32_SUB, I32_ADD, ...set(LAST),
  END,
  ...get(ONL), BR_IF, 1,
  ...get(P), ...c32(32), I32_ADD, ...set(P),
  BR, 0,
  END,
  END,
  ...get(COUNT), GSET, 0,
  ...get(LAST),
  END,
];

// numbers(p, end, max, out): decode up to `max` consecutive cells `"-123.45",` as
// f64 at `out`, the same way as the JS fast path (mantissa of at most 15 digits,
// divided by 10^decimals, both exact, so the division rounds once, like Number()).
// Returns how many; global `pos` = the cell start after the last one. Stops at
// the first cell of any other form, or where the chunk ends.
const I32_LOAD8_U = (offset: number) => [0x2d, 0x00, offset];
const F64_STORE = [0x39, 0x03, 0x00];
const F64_CONST = (x: number) => [0x44, ...new Uint8Array(new Float64Array([x]).buffer)];
const F64_ADD = 0xa0;
const F64_MUL = 0xa2;
const F64_DIV = 0xa3;
const F64_NEG = 0x9a;
const F64_CONVERT_I32_U = 0xb8;
const I32_NE = 0x47;
const I32_EQ = 0x46;
const I32_LT_U = 0x49;
const I32_LT_S = 0x48;
const I32_GE_S = 0x4e;
const I32_LE_S = 0x4c;
const I32_LE_U = 0x4d;
const SELECT = 0x1b;
const F64 = 0x7c;
const N_P = 0;
const N_END = 1;
const N_MAX = 2;
const N_OUT = 3;
const N_COUNT = 4;
const N_Q = 5;
const N_NEG = 6;
const N_DIGITS = 7;
const N_FRAC = 8;
const N_C = 9;
const N_MANT = 10;
const N_P10 = 11;
const inc = (l: number) => [...get(l), ...c32(1), I32_ADD, ...set(l)];

const numbersBody = (sep: number): number[] => [
  BLOCK, EMPTY,
  LOOP, EMPTY,
  ...get(N_COUNT), ...get(N_MAX), I32_GE_U, BR_IF, 1,
  ...get(N_P), ...get(N_END), I32_GE_U, BR_IF, 1,
  ...get(N_P), ...I32_LOAD8_U(0), ...c32(0x22), I32_NE, BR_IF, 1,
  ...get(N_P), ...c32(1), I32_ADD, ...set(N_Q),
  ...c32(0), ...set(N_NEG),
  ...get(N_Q), ...get(N_END), I32_LT_U,
  IF, EMPTY,
  ...get(N_Q), ...I32_LOAD8_U(0), ...c32(0x2d), I32_EQ,
  IF, EMPTY, ...c32(1), ...set(N_NEG), ...inc(N_Q), END,
  END,
  ...F64_CONST(0), ...set(N_MANT), ...c32(0), ...set(N_DIGITS), ...c32(-1), ...set(N_FRAC),
  BLOCK, EMPTY,
  LOOP, EMPTY,
  ...get(N_Q), ...get(N_END), I32_GE_U, BR_IF, 3, // the chunk ends inside the cell: stop before it
  ...get(N_Q), ...I32_LOAD8_U(0), LTEE, N_C, ...c32(0x30), I32_SUB, ...c32(9), I32_LE_U,
  IF, EMPTY,
  ...get(N_MANT), ...F64_CONST(10), F64_MUL, ...get(N_C), ...c32(0x30), I32_SUB, F64_CONVERT_I32_U, F64_ADD, ...set(N_MANT),
  ...inc(N_DIGITS),
  ...get(N_FRAC), ...c32(0), I32_GE_S, IF, EMPTY, ...inc(N_FRAC), END,
  ...inc(N_Q),
  BR, 1,
  END,
  ...get(N_C), ...c32(0x2e), I32_EQ, ...get(N_FRAC), ...c32(0), I32_LT_S, I32_AND,
  IF, EMPTY, ...c32(0), ...set(N_FRAC), ...inc(N_Q), BR, 1, END,
  BR, 1,
  END,
  END,
  // The closing quote, then a comma; 1 to 15 digits.
  ...get(N_C), ...c32(0x22), I32_NE, BR_IF, 1,
  ...get(N_Q), ...c32(1), I32_ADD, ...get(N_END), I32_GE_U, BR_IF, 1,
  ...get(N_Q), ...I32_LOAD8_U(1), ...c32(sep), I32_NE, BR_IF, 1,
  ...get(N_DIGITS), I32_EQZ, BR_IF, 1,
  ...get(N_DIGITS), ...c32(15), I32_GT_U, BR_IF, 1,
  ...F64_CONST(1), ...set(N_P10),
  BLOCK, EMPTY,
  LOOP, EMPTY,
  ...get(N_FRAC), ...c32(0), I32_LE_S, BR_IF, 1,
  ...get(N_P10), ...F64_CONST(10), F64_MUL, ...set(N_P10),
  ...get(N_FRAC), ...c32(1), I32_SUB, ...set(N_FRAC),
  BR, 0,
  END,
  END,
  ...get(N_MANT), ...get(N_P10), F64_DIV, ...set(N_MANT),
  ...get(N_OUT), ...get(N_COUNT), ...c32(3), I32_SHL, I32_ADD,
  ...get(N_MANT), F64_NEG, ...get(N_MANT), ...get(N_NEG), SELECT,
  ...F64_STORE,
  ...inc(N_COUNT),
  ...get(N_Q), ...c32(2), I32_ADD, ...set(N_P),
  BR, 0,
  END,
  END,
  ...get(N_P), GSET, 1,
  ...get(N_COUNT),
  END,
];

// cells(p, end, max, starts, ends): the byte ranges of up to `max` consecutive
// cells `"-123.45"` each followed by a separator (an optional minus, digits, at
// most one point, at least one digit), as i32 offsets at `starts` and `ends`
// (the cell's first byte, and the byte after its closing quote). Returns how
// many; global `pos` = the cell start after the last one. Stops at the first
// cell of any other form, at one followed by a line break, or where the data ends.
const I32_STORE = [0x36, 0x02, 0x00];
const K_P = 0;
const K_END = 1;
const K_MAX = 2;
const K_STARTS = 3;
const K_ENDS = 4;
const K_COUNT = 5;
const K_Q = 6;
const K_C = 7;
const K_DIGITS = 8;
const K_DOT = 9;

const cellsBody = (sep: number): number[] => [
  BLOCK, EMPTY,
  LOOP, EMPTY,
  ...get(K_COUNT), ...get(K_MAX), I32_GE_U, BR_IF, 1,
  ...get(K_P), ...get(K_END), I32_GE_U, BR_IF, 1,
  ...get(K_P), ...I32_LOAD8_U(0), ...c32(0x22), I32_NE, BR_IF, 1,
  ...get(K_P), ...c32(1), I32_ADD, ...set(K_Q),
  ...get(K_Q), ...get(K_END), I32_LT_U,
  IF, EMPTY,
  ...get(K_Q), ...I32_LOAD8_U(0), ...c32(0x2d), I32_EQ,
  IF, EMPTY, ...inc(K_Q), END,
  END,
  ...c32(0), ...set(K_DIGITS), ...c32(0), ...set(K_DOT),
  BLOCK, EMPTY,
  LOOP, EMPTY,
  ...get(K_Q), ...get(K_END), I32_GE_U, BR_IF, 3, // the data ends inside the cell: stop before it
  ...get(K_Q), ...I32_LOAD8_U(0), LTEE, K_C, ...c32(0x30), I32_SUB, ...c32(9), I32_LE_U,
  IF, EMPTY, ...inc(K_DIGITS), ...inc(K_Q), BR, 1, END,
  ...get(K_C), ...c32(0x2e), I32_EQ, ...get(K_DOT), I32_EQZ, I32_AND,
  IF, EMPTY, ...c32(1), ...set(K_DOT), ...inc(K_Q), BR, 1, END,
  BR, 1,
  END,
  END,
  // The closing quote, then a separator; at least one digit.
  ...get(K_C), ...c32(0x22), I32_NE, BR_IF, 1,
  ...get(K_Q), ...c32(1), I32_ADD, ...get(K_END), I32_GE_U, BR_IF, 1,
  ...get(K_Q), ...I32_LOAD8_U(1), ...c32(sep), I32_NE, BR_IF, 1,
  ...get(K_DIGITS), I32_EQZ, BR_IF, 1,
  ...get(K_STARTS), ...get(K_COUNT), ...c32(2), I32_SHL, I32_ADD, ...get(K_P), ...I32_STORE,
  ...get(K_ENDS), ...get(K_COUNT), ...c32(2), I32_SHL, I32_ADD, ...get(K_Q), ...c32(1), I32_ADD, ...I32_STORE,
  ...inc(K_COUNT),
  ...get(K_Q), ...c32(2), I32_ADD, ...set(K_P),
  BR, 0,
  END,
  END,
  ...get(K_P), GSET, 1,
  ...get(K_COUNT),
  END,
];

function moduleBytes(sep: number): Uint8Array {
  const type = section(1, [3, 0x60, 3, I32, I32, I32, 1, I32, 0x60, 4, I32, I32, I32, I32, 1, I32, 0x60, 5, I32, I32, I32, I32, I32, 1, I32]);
  const func = section(3, [3, 0, 1, 2]);
  const memory = section(5, [1, 0x00, 1]);
  const global = section(6, [2, I32, 0x01, I32_CONST, 0, END, I32, 0x01, I32_CONST, 0, END]);
  const exports = section(7, [6, ...str('skip'), 0x00, 0, ...str('mem'), 0x02, 0, ...str('count'), 0x03, 0, ...str('numbers'), 0x00, 1, ...str('pos'), 0x03, 1, ...str('cells'), 0x00, 2]);
  const body = [4, 12, I32, 1, V128, 1, I32, 1, V128, ...skipBody(sep)];
  const numbers = [2, 6, I32, 2, F64, ...numbersBody(sep)];
  const cells = [1, 5, I32, ...cellsBody(sep)];
  const code = section(10, [3, ...uleb(body.length), ...body, ...uleb(numbers.length), ...numbers, ...uleb(cells.length), ...cells]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...func, ...memory, ...global, ...exports, ...code]);
}

/** The few WebAssembly JS API members used here (the project's lib settings do not declare them). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    value: unknown;
  }
  function validate(bytes: Uint8Array): boolean;
}

export interface FastSkipper {
  /** Copy a chunk into the module's memory (positions stay the chunk's). */
  load(chunk: Uint8Array): void;
  /**
   * From the cell start `from`, skip up to `k` cells of the loaded chunk
   * (stopping before `end`); returns the cell start it reached, with
   * `count` the number of cells skipped (k when it got there).
   */
  skip(from: number, end: number, k: number): number;
  readonly count: number;
  /**
   * From the cell start `from`, decode up to `max` consecutive cells of the
   * form `"-123.45",` into `numbersOut` (the same doubles as Number()); returns
   * how many, with `pos` the cell start after them. At most NUMBERS_MAX.
   */
  numbers(from: number, end: number, max: number): number;
  readonly pos: number;
  readonly numbersOut: Float64Array;
}

const compiled = new Map<number, WebAssembly.Module | null>();

interface KernelExports {
  skip: (p: number, end: number, k: number) => number;
  cells: (p: number, end: number, max: number, starts: number, ends: number) => number;
  numbers: (p: number, end: number, max: number, out: number) => number;
  mem: WebAssembly.Memory;
  count: WebAssembly.Global;
  pos: WebAssembly.Global;
}

/** The most numbers one `numbers()` call decodes. */
const NUMBERS_MAX = 1 << 16;

/** A new instance of the module for this separator byte, or null where WebAssembly SIMD is not available. */
function instantiate(sep: number): KernelExports | null {
  let mod = compiled.get(sep);
  if (mod === undefined) {
    try {
      const bytes = moduleBytes(sep);
      mod = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      mod = null;
    }
    compiled.set(sep, mod);
  }
  if (mod === null) return null;
  return new WebAssembly.Instance(mod, {}).exports as unknown as KernelExports;
}

/**
 * The skip routine over data the caller places in the module's own memory
 * (so a file can be read straight into it, with no copy).
 */
export interface SkipKernel {
  /** The module's memory, at least `bytes` long (a grown memory is a new buffer: take the view again). */
  ensure(bytes: number): Uint8Array;
  /** As `FastSkipper.skip`, on the memory. */
  skip(from: number, end: number, k: number): number;
  readonly count: number;
  /**
   * From the cell start `from`, the ranges of up to `max` (at most CELLS_MAX)
   * consecutive cells `"-123.45"` each followed by a separator, into
   * `cellStarts` and `cellEnds`; returns how many, with `pos` the cell start after them.
   */
  cells(from: number, end: number, max: number): number;
  readonly pos: number;
  readonly cellStarts: Int32Array;
  readonly cellEnds: Int32Array;
}

/** The most cells one `cells()` call reports. */
const CELLS_MAX = 1 << 16;

/** A skip kernel for this separator byte, or null where WebAssembly SIMD is not available. */
export function createSkipKernel(sep: number): SkipKernel | null {
  const exp = instantiate(sep);
  if (exp === null) return null;
  const mem = exp.mem;
  const countGlobal = exp.count;
  const posGlobal = exp.pos;
  const cellsFn = exp.cells;
  // The cell ranges go after the data (16 bytes of slack: a block load at the last position stays inside).
  let startsAt = 0;
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  return {
    ensure(bytes) {
      const at = (bytes + 16 + 7) & ~7;
      const need = at + 8 * CELLS_MAX - mem.buffer.byteLength;
      if (need > 0) mem.grow(Math.ceil(need / 65536));
      if (at > startsAt || starts.buffer !== mem.buffer) {
        startsAt = Math.max(at, startsAt);
        starts = new Int32Array(mem.buffer, startsAt, CELLS_MAX);
        ends = new Int32Array(mem.buffer, startsAt + 4 * CELLS_MAX, CELLS_MAX);
      }
      return new Uint8Array(mem.buffer);
    },
    skip: exp.skip,
    get count() {
      return countGlobal.value as number;
    },
    cells(from, end, max) {
      return cellsFn(from, end, max < CELLS_MAX ? max : CELLS_MAX, startsAt, startsAt + 4 * CELLS_MAX);
    },
    get pos() {
      return posGlobal.value as number;
    },
    get cellStarts() {
      return starts;
    },
    get cellEnds() {
      return ends;
    },
  };
}

/** A skipper for this separator byte (a comma by default), or null where WebAssembly SIMD is not available. */
export function createFastSkipper(sep = 0x2c): FastSkipper | null {
  const exp = instantiate(sep);
  if (exp === null) return null;
  const mem = exp.mem;
  let view = new Uint8Array(mem.buffer);
  // The numbers go after the chunk: `outAt` only moves up, for the largest chunk so far.
  let outAt = 0;
  let out = new Float64Array(0);
  const countGlobal = exp.count;
  const posGlobal = exp.pos;
  const skipFn = exp.skip;
  const numbersFn = exp.numbers;
  return {
    load(chunk) {
      const at = Math.max(outAt, (chunk.length + 16 + 7) & ~7);
      const need = at + 8 * NUMBERS_MAX;
      if (need > view.length) {
        mem.grow(Math.ceil((need - view.length) / 65536));
        view = new Uint8Array(mem.buffer);
        outAt = -1;
      }
      if (at !== outAt) {
        outAt = at;
        out = new Float64Array(mem.buffer, outAt, NUMBERS_MAX);
      }
      view.set(chunk, 0);
    },
    skip(from, end, k) {
      return skipFn(from, end, k);
    },
    get count() {
      return countGlobal.value as number;
    },
    numbers(from, end, max) {
      return numbersFn(from, end, max < NUMBERS_MAX ? max : NUMBERS_MAX, outAt);
    },
    get pos() {
      return posGlobal.value as number;
    },
    get numbersOut() {
      return out;
    },
  };
}
