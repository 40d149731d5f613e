"""Benchmark: render a 20-page executive report (R5.1's budget) N times with the production
renderer (``reports.rendering.pdf_bytes``: WeasyPrint, static-only fetcher) and print the median
and p95 render time and the peak memory. Target: median <= 3 s on these machines.

    make bench-report
    .venv/bin/python tests/perf/bench_report.py --runs 5 --language es

No database: the content is the demo-like report of tests/reports/pdf_support.py, lengthened by
filler paragraphs until it is exactly 20 pages (measured, not assumed).
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ripso.settings")

import django  # noqa: E402

django.setup()

from reports import rendering  # noqa: E402
from reports.enums import PAGE_BUDGET, VersionKind  # noqa: E402
from tests.reports.pdf_support import sample_content  # noqa: E402


def pages(language, extra):
    return rendering.count_pages(
        rendering.pdf_bytes(sample_content(language, extra), VersionKind.PRELIMINARY, 1)
    )


def twenty_pages(language):
    """The most filler paragraphs that keep the report at 20 pages."""
    low, high = 0, 40
    while pages(language, high) <= PAGE_BUDGET:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if pages(language, middle) <= PAGE_BUDGET:
            low = middle
        else:
            high = middle
    return low


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--language", default="es", choices=["es", "en"])
    args = parser.parse_args()

    extra = twenty_pages(args.language)
    data = sample_content(args.language, extra)
    rendering.pdf_bytes(data, VersionKind.PRELIMINARY, 1)  # warm-up: fonts, imports

    wall, cpu, count = [], [], 0
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = rendering.pdf_bytes(data, VersionKind.PRELIMINARY, 1)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        count = rendering.count_pages(pdf)
    tracemalloc.start()  # once, apart: tracemalloc slows Python down several times
    rendering.pdf_bytes(data, VersionKind.PRELIMINARY, 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Report of {count} pages ({args.language}, {extra} filler paragraphs), {args.runs} runs")
    print(
        f"  wall time  median {statistics.median(wall):.2f} s   p95 {percentile(wall, 0.95):.2f} s"
    )
    print(f"  CPU time   median {statistics.median(cpu):.2f} s   p95 {percentile(cpu, 0.95):.2f} s")
    print(f"  peak Python memory of a render (tracemalloc) {peak / 2**20:.0f} MiB")
    print(f"  peak RSS of the process (getrusage maxrss) {maxrss_mb:.0f} MiB")
    print(
        f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall time grows with it)"
    )
    met = statistics.median(wall) <= 3.0
    print(f"  target median <= 3 s: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
