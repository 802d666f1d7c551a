"""CPU time of each test, split between the test process and the browser it drives.

A pytest plugin and its summary. Wall time means little on a shared machine; CPU time does, but
`/usr/bin/time` on pytest misses most of Chromium's (its renderers are not all reaped through
pytest), so this reads /proc before and after each test instead:

    PYTHONPATH=bench CPUPROF_OUT=/tmp/cpu .venv/bin/pytest -p cpu_per_test -n 2 [paths]
    .venv/bin/python bench/cpu_per_test.py /tmp/cpu          # per module and the 25 costliest tests

"py" is the test process (the test, its fixtures and the live server's threads); "browser" is
every process below it (Playwright's driver and Chromium). The browser's time while the last
test's session fixtures close is not counted (it shows as a negative delta, left out).
"""

import glob
import os
import sys
import time
from collections import defaultdict

import pytest

TICK = os.sysconf("SC_CLK_TCK")
ROWS = []


def descendants_cpu() -> float:
    """CPU seconds of every live process below this one, with the children each has reaped."""
    me, parent, cpu = os.getpid(), {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(pid)] = int(fields[1])
        cpu[int(pid)] = sum(int(x) for x in fields[11:15]) / TICK  # utime stime cutime cstime
    total = 0.0
    for pid, seconds in cpu.items():
        up, depth = parent.get(pid), 0
        while up and depth < 64:
            if up == me:
                total += seconds
                break
            up, depth = parent.get(up), depth + 1
    return total


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):  # noqa: ARG001 - pytest's hook signature
    own, below, wall = time.process_time(), descendants_cpu(), time.perf_counter()
    yield
    ROWS.append(
        (item.nodeid, time.process_time() - own, descendants_cpu() - below, time.perf_counter() - wall)
    )


def pytest_sessionfinish(session):  # noqa: ARG001
    out = os.environ.get("CPUPROF_OUT")
    if out and ROWS:
        with open(f"{out}.{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.tsv", "w") as f:
            f.writelines(f"{node}\t{py:.3f}\t{below:.3f}\t{wall:.3f}\n" for node, py, below, wall in ROWS)


def summary(prefix: str, top: int = 25) -> None:
    modules = defaultdict(lambda: [0, 0.0, 0.0])
    rows = []
    for path in glob.glob(f"{prefix}.*.tsv"):
        with open(path) as f:
            for line in f:
                node, py, below, _ = line.rstrip("\n").split("\t")
                py, below = float(py), max(0.0, float(below))
                module = modules[node.split("::")[0]]
                module[0], module[1], module[2] = module[0] + 1, module[1] + py, module[2] + below
                rows.append((py + below, py, below, node))
    print(f"{'tests':>6} {'py s':>8} {'browser s':>10}  module")
    for name, (n, py, below) in sorted(modules.items(), key=lambda kv: -(kv[1][1] + kv[1][2])):
        print(f"{n:6d} {py:8.1f} {below:10.1f}  {name}")
    n, py, below = (sum(m[i] for m in modules.values()) for i in range(3))
    print(f"{n:6d} {py:8.1f} {below:10.1f}  TOTAL ({py + below:.1f} s CPU)")
    print(f"\nthe {top} costliest tests (CPU s: total, py, browser)")
    for total, py, below, node in sorted(rows, reverse=True)[:top]:
        print(f"{total:6.2f} {py:6.2f} {below:6.2f}  {node}")


if __name__ == "__main__":
    summary(sys.argv[1])
