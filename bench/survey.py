"""`praxis score-survey` on a 10,000-respondent × 115-item Qualtrics export, beside pandas just
reading the same file, in the same run. Not a test.

Two comparisons, both written to bench/results/survey.txt (or --output):

1. **Whole processes**, timed from outside by farm-bench when it is installed (A and B taken in
   turn, the ratio pair by pair): `praxis score-survey FILE --mapping MAP --output OUT` (Django's
   start-up, reading, checking, scoring, reliability of 15 competencies, writing both files)
   against `python -c "import pandas; pandas.read_csv(FILE, skiprows=[1, 2])"` (pandas' start-up
   and its C parser, nothing else). Without farm-bench, each command is run --runs times in turn
   and the medians are compared.
2. **In one process**: `score_survey` and writing the two CSV files, against `pandas.read_csv`
   of the same bytes, alternately, --runs times each; medians.

The goal (issue 13.5) is at most 3× pandas' time. On a shared, busy machine wall time mostly
measures waiting for a core: compare CPU seconds there (farm-bench's "cpu" rows, and the
in-process "cpu" figures), which are what the two programs cost.

    .venv/bin/python bench/survey.py [--respondents 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxis.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--output", default="survey.txt", help="file name in bench/results")
    args = parser.parse_args()

    import django

    django.setup()
    import pandas

    from praxis.core.frameworks import current_framework
    from praxis.surveys.output import files_of
    from praxis.surveys.scoring import score_survey
    from praxis.surveys.tests import files

    framework = current_framework()
    items = sum(len(c.key_activities) for c in framework.competencies)
    folder = Path(tempfile.mkdtemp(prefix="praxis-survey-bench-"))
    survey, mapping, out = folder / "survey.csv", folder / "mapping.csv", folder / "scores.csv"
    survey.write_text(files.qualtrics_csv(framework, args.respondents, seed=1))
    mapping.write_text(files.mapping_csv(framework))
    size = survey.stat().st_size
    lines = [
        f"# praxis score-survey vs pandas.read_csv — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
        f"# file: Qualtrics CSV, {args.respondents:,} respondents × {items} items "
        f"(+7 Qualtrics columns, 3 header rows), {size / 1e6:.1f} MB",
        "",
    ]

    python = sys.executable
    command = [str(Path(python).with_name("praxis")), "score-survey", str(survey), "--mapping", str(mapping)]
    command += ["--output", str(out)]
    baseline = [python, "-c", f"import pandas; pandas.read_csv({str(survey)!r}, skiprows=[1, 2])"]
    lines.append("## 1. whole processes (start-up included)")
    lines.append("$ " + " ".join(command))
    lines.append("$ " + " ".join(baseline[:2]) + " '" + baseline[2] + "'")
    if shutil.which("farm-bench"):
        report = subprocess.run(
            ["farm-bench", "-n", str(args.runs), "--timeout", "900", "--vs", _quoted(baseline), "--"]
            + command,
            capture_output=True,
            text=True,
            check=False,
        )
        lines += ["farm-bench:", report.stdout.rstrip(), report.stderr.rstrip()]
    else:
        a, b = [], []
        for _ in range(args.runs):
            a.append(_wall(command))
            b.append(_wall(baseline))
        lines.append(_summary("score-survey", a, "pandas process", b))

    lines += ["", "## 2. in one process (no start-up): score_survey + writing both CSV files vs read_csv"]
    content = survey.read_bytes()
    ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = score_survey(content, mapping.read_bytes(), framework)
        written = files_of(result, "csv")
        ours.append(time.perf_counter() - start)
        ours_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        frame = pandas.read_csv(io.BytesIO(content), skiprows=[1, 2])
        theirs.append(time.perf_counter() - start)
        theirs_cpu.append(time.process_time() - cpu)
    assert result.ok and result.respondents == args.respondents == len(frame)
    lines.append("wall:")
    lines.append(_summary("score_survey", ours, "pandas.read_csv", theirs))
    lines.append("cpu (this process, all threads):")
    lines.append(_summary("score_survey", ours_cpu, "pandas.read_csv", theirs_cpu))
    lines.append(f"(scores CSV {len(written['survey-scores.csv']) / 1e6:.1f} MB)")
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results" / args.output).write_text(text)
    print(text)
    shutil.rmtree(folder)


def _quoted(words: list[str]) -> str:
    return " ".join(shlex.quote(w) for w in words)


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def _summary(name_a: str, a: list[float], name_b: str, b: list[float]) -> str:
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return (
        f"{name_a}: median {statistics.median(a):.3f} s (min {min(a):.3f}, max {max(a):.3f})\n"
        f"{name_b}: median {statistics.median(b):.3f} s (min {min(b):.3f}, max {max(b):.3f})\n"
        f"ratio, pair by pair: median {statistics.median(ratios):.2f}× "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()
