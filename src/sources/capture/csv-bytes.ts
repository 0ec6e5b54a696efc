/**
 * The bytes and the cell states the CSV readers and writers share. Const
 * enums: the compiler writes the numbers in place, so the scanners' hot loops
 * compare against literals, as they would with constants of their own.
 */
export const enum Byte {
  LF = 0x0a,
  CR = 0x0d,
  QUOTE = 0x22,
  COMMA = 0x2c,
  MINUS = 0x2d,
  DOT = 0x2e,
  ZERO = 0x30,
  NINE = 0x39,
}

/** Where an RFC 4180 reader is in a cell. */
export const enum CellState {
  FIELD_START = 0,
  UNQUOTED = 1,
  QUOTED = 2,
  QUOTE_IN_QUOTED = 3,
}
