#!/usr/bin/env python3
"""Peer for bench/batch.ts: the simplest script a support engineer would
write to get the memory counters out of an esxtop batch capture. Python's csv
module reads every row; the memory columns (the host `Memory` object and
every `Group Memory(...)` instance; the object split on the first `(` and the
last `)`) are picked by index and written to stdout, either as CSV (every
cell quoted, LF line ends, as esxtop writes) or, with --json, as one JSON
object per sample with the values converted to numbers.

Usage: python3 python_csv.py FILE [--json]
"""
import csv
import json
import sys


def memory_columns(header):
    idx = []
    for i, cell in enumerate(header):
        if not cell.startswith('\\\\'):
            continue
        host_end = cell.find('\\', 2)
        counter_sep = cell.rfind('\\')
        if host_end < 0 or counter_sep <= host_end:
            continue
        obj = cell[host_end + 1:counter_sep]
        op = obj.find('(')
        cl = obj.rfind(')')
        if op > 0 and cl > op:
            if obj[:op] == 'Group Memory':
                idx.append(i)
        elif obj == 'Memory':
            idx.append(i)
    return idx


def number(text):
    return float(text) if text.strip() else None


def main(path, as_json):
    csv.field_size_limit(1 << 30)
    out = sys.stdout
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f)
        header = next(reader)
        idx = memory_columns(header)
        if as_json:
            names = [header[i] for i in idx]
            for row in reader:
                if not row or not row[0].strip():
                    continue
                values = {names[k]: number(row[i]) for k, i in enumerate(idx)}
                out.write(json.dumps({'time': row[0], 'values': values}) + '\n')
        else:
            writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator='\n')
            writer.writerow([header[0]] + [header[i] for i in idx])
            for row in reader:
                if not row or not row[0].strip():
                    continue
                writer.writerow([row[0]] + [row[i] for i in idx])


if __name__ == '__main__':
    main(sys.argv[1], '--json' in sys.argv[2:])
