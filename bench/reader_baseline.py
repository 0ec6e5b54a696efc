#!/usr/bin/env python3
"""Baseline for bench/reader.ts: what esxplot-style tools do with an esxtop
batch capture. Python's csv module reads every row; the memory columns (the
host `Memory` object and every `Group Memory(...)` instance, object split on
the first `(` and the last `)`) are picked by index and converted to float,
and the timestamp is parsed. Prints one JSON line: rows, seconds, checksum
(the sum of every memory value, to check both readers saw the same numbers),
wall and CPU seconds.
"""
import csv
import json
import os
import sys
import time
from datetime import datetime, timezone

# The memory columns are picked as the batch benchmark's peer picks them.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'peers'))
from python_csv import memory_columns  # noqa: E402


def main(path):
    csv.field_size_limit(1 << 30)
    t0 = time.perf_counter()
    c0 = time.process_time()
    rows = 0
    total = 0.0
    first = None
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.reader(f)
        header = next(reader)
        idx = memory_columns(header)
        for row in reader:
            if not row or not row[0].strip():
                continue
            datetime.strptime(row[0], '%m/%d/%Y %H:%M:%S').replace(tzinfo=timezone.utc)
            for i in idx:
                v = row[i]
                if v:
                    total += float(v)
            rows += 1
            if first is None:
                first = time.perf_counter() - t0
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({'rows': rows, 'columns': len(idx), 'seconds': seconds, 'cpu_seconds': cpu, 'first_seconds': first, 'checksum': total}))


if __name__ == '__main__':
    main(sys.argv[1])
