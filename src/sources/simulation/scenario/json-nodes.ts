/**
 * A small JSON parser that remembers where every value starts, so that a
 * scenario file with a mistake can be reported as `file:line: path: what`.
 * Strict JSON (RFC 8259); no dependency. Objects and lists nest at most 32
 * deep (a scenario needs 4): deeper is a syntax error, never a stack overflow.
 */

const MAX_JSON_DEPTH = 32;
export type JsonNode =
  | { kind: 'object'; line: number; col: number; entries: Map<string, JsonNode>; keyLines: Map<string, number> }
  | { kind: 'array'; line: number; col: number; items: JsonNode[] }
  | { kind: 'string'; line: number; col: number; value: string }
  | { kind: 'number'; line: number; col: number; value: number }
  | { kind: 'boolean'; line: number; col: number; value: boolean }
  | { kind: 'null'; line: number; col: number };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

export function parseJsonNodes(text: string): JsonNode {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;

  const fail = (what: string, at = i): never => {
    // Recompute the position of `at` (it may be behind i).
    let l = 1;
    let ls = 0;
    for (let k = 0; k < at && k < text.length; k++) {
      if (text.charCodeAt(k) === 10) {
        l++;
        ls = k + 1;
      }
    }
    throw new JsonSyntaxError(what, l, at - ls + 1);
  };
  const describe = (k: number) => (k >= text.length ? 'end of file' : JSON.stringify(text[k]));

  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };

  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\n') fail('line break inside a string');
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail(`bad escape \\${e ?? ''} in a string`);
      } else if (text.charCodeAt(i) < 0x20) {
        fail('control character inside a string');
      } else {
        out += c;
        i++;
      }
    }
  };

  const value = (depth: number): JsonNode => {
    ws();
    const l = line;
    const col = i - lineStart + 1;
    const c = text[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) fail(`objects and lists nested more than ${MAX_JSON_DEPTH} deep`);
    if (c === '{') {
      i++;
      const entries = new Map<string, JsonNode>();
      const keyLines = new Map<string, number>();
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', line: l, col, entries, keyLines };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
        const keyLine = line;
        const keyAt = i;
        const key = str();
        if (entries.has(key)) fail(`duplicate property "${key}"`, keyAt);
        ws();
        if (text[i] !== ':') fail(`expected ':' after "${key}", found ${describe(i)}`);
        i++;
        entries.set(key, value(depth + 1));
        keyLines.set(key, keyLine);
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail('trailing comma before }');
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', line: l, col, entries, keyLines };
        }
        fail(`expected ',' or '}', found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', line: l, col, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail('trailing comma before ]');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', line: l, col, items };
        }
        fail(`expected ',' or ']', found ${describe(i)}`);
      }
    }
    if (c === '"') return { kind: 'string', line: l, col, value: str() };
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (num && num[0] !== '-') {
      i += num[0].length;
      return { kind: 'number', line: l, col, value: Number(num[0]) };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { ...node, line: l, col };
      }
    }
    return fail(i >= text.length ? 'unexpected end of file' : `unexpected ${describe(i)}`);
  };

  const root = value(0);
  ws();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the document`);
  return root;
}
