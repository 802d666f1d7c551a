"""`praxis framework validate|import` refuses hostile files: one line on stderr, exit 1, in bounded
time and memory.

Each file is generated in tmp_path. The command runs in a child process under a 400 MB address
space limit; its own CPU time and peak memory, read with os.wait4, must stay under 2 s and 200 MB.
"""

import json
import os
import resource
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from praxis.framework import load_framework
from praxis.framework.case import to_case

MINI = Path(django_settings.BASE_DIR) / "praxis/framework/tests/fixtures/mini-framework.yaml"
ADDRESS_SPACE = 400 * 2**20


def billion_laughs():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for a, b in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]")
    return "laughs.yaml", "\n".join(lines) + "\n"


def deep_yaml():
    return "deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n"


def deep_json():
    return "deep.json", '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}"


def oversized():
    return "big.yaml", "items:\n" + ("  - " + "x" * 60 + "\n") * 90_000  # 5.9 MB


def wide_yaml():
    return "wide.yaml", "items:\n" + "- a\n" * 1_200_000  # 4.8 MB, 1.2 million values


def _package():
    return to_case(load_framework(MINI))


def _item(n, when):
    return {
        "identifier": f"00000000-0000-4000-8000-{n:012d}",
        "uri": f"https://praxis.invalid/case/CFItems/{n}",
        "fullStatement": f"Item {n}",
        "CFItemType": "Key activity",
        "lastChangeDateTime": when,
    }


def _child_of(n, child, parent, when):
    def link(identifier):
        return {"title": "x", "identifier": identifier, "uri": f"https://praxis.invalid/{identifier}"}

    return {
        "identifier": f"10000000-0000-4000-8000-{n:012d}",
        "associationType": "isChildOf",
        "uri": f"https://praxis.invalid/case/CFAssociations/{n}",
        "originNodeURI": link(child),
        "destinationNodeURI": link(parent),
        "lastChangeDateTime": when,
    }


def cyclic_case():
    package = _package()
    when = package["CFDocument"]["lastChangeDateTime"]
    items = [_item(n, when) for n in range(3)]
    package["CFItems"] += items
    package["CFAssociations"] += [
        _child_of(n, items[n]["identifier"], items[(n + 1) % 3]["identifier"], when) for n in range(3)
    ]
    return "cycle.json", json.dumps(package)


def orphan_case():
    package = _package()
    package["CFItems"] += [_item(n, package["CFDocument"]["lastChangeDateTime"]) for n in range(7)]
    return "orphans.json", json.dumps(package)


def many_items_case():
    package = _package()
    package["CFItems"] += [{"identifier": str(n), "fullStatement": "x"} for n in range(200_000)]
    return "many.json", json.dumps(package)  # 9.5 MB: read under a raised size limit


HOSTILE = {
    "billion laughs": (billion_laughs, "line 1: defines the anchor &a: YAML anchors and aliases are not"),
    "deep YAML": (deep_yaml, "line 1: is nested more than 64 levels deep"),
    "deep JSON": (deep_json, "is nested more than 64 levels deep"),
    "oversized": (oversized, "more than the limit of 5,000,000 bytes"),
    "wide YAML": (wide_yaml, "has more than 100,000 values (mappings, lists and scalars)"),
    "cyclic CASE": (cyclic_case, "CFAssociations: isChildOf links form a cycle of 3 items: 00000000-"),
    "orphan CASE": (orphan_case, "CFItems: 7 items are not attached to the document by isChildOf: 00000000-"),
    "200,000 items CASE": (many_items_case, "has more than 100,000 values (mappings, lists and scalars)"),
}


# the values limit holds even where the size limit is raised
RAISED_SIZE_LIMIT = {"200,000 items CASE": 20_000_000}


def _write(case, tmp_path, settings):
    make, expected = HOSTILE[case]
    name, text = make()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    settings.PRAXIS_FRAMEWORK_MAX_BYTES = RAISED_SIZE_LIMIT.get(case, 5_000_000)
    return path, expected


@pytest.fixture(params=list(HOSTILE))
def hostile(request, tmp_path, settings):
    return _write(request.param, tmp_path, settings)


@pytest.fixture(params=[case for case in HOSTILE if case.endswith("CASE") or "JSON" in case])
def hostile_json(request, tmp_path, settings):
    return _write(request.param, tmp_path, settings)


def assert_refused_in_one_line(action, path, expected):
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("framework", action, str(path), stdout=StringIO(), stderr=err)
    assert caught.value.returncode == 1
    message = str(caught.value)
    assert "\n" not in message and err.getvalue() == ""
    assert message.startswith(f"{path}: ") and expected in message


def test_validate_refuses_in_one_line_with_exit_1(hostile):
    assert_refused_in_one_line("validate", *hostile)


def test_import_refuses_in_one_line_with_exit_1(hostile_json):
    assert_refused_in_one_line("import", *hostile_json)


# The command's own peak memory (VmHWM of the process after exec): the child's rusage would also
# count the pages it shared with this test process between fork and exec.
PEAK_MEMORY_WRAPPER = """
import atexit, sys
peak = sys.argv[1]
atexit.register(lambda: open(peak, "w").write(open("/proc/self/status").read()))
sys.argv = ["praxis"] + sys.argv[2:]
from praxis.manage import main
main()
"""


def _peak_kilobytes(status_file) -> int:
    line = next(x for x in status_file.read_text().splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1])


def _limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def test_refused_within_2_seconds_and_200_mb(hostile, tmp_path, settings):
    path, expected = hostile
    out, err, peak = tmp_path / "stdout", tmp_path / "stderr", tmp_path / "peak"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", PEAK_MEMORY_WRAPPER, str(peak), "framework", "validate", str(path)],
            cwd=settings.BASE_DIR,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "praxis.settings",
                "PRAXIS_FRAMEWORK_MAX_BYTES": str(settings.PRAXIS_FRAMEWORK_MAX_BYTES),
            },
            stdout=stdout,
            stderr=stderr,
            preexec_fn=_limit_address_space,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    lines = err.read_text(encoding="utf-8").splitlines()
    assert child.returncode == 1, lines
    assert len(lines) == 1 and lines[0].startswith(f"CommandError: {path}: ") and expected in lines[0]
    assert out.read_text() == ""
    assert usage.ru_utime + usage.ru_stime < 2.0
    assert _peak_kilobytes(peak) < 200 * 1024


def test_size_limit_comes_from_the_setting():
    with override_settings(PRAXIS_FRAMEWORK_MAX_BYTES=1_000), pytest.raises(CommandError) as caught:
        call_command("framework", "validate", str(MINI), stdout=StringIO(), stderr=StringIO())
    assert str(caught.value).endswith("more than the limit of 1,000 bytes")
    out = StringIO()
    with override_settings(PRAXIS_FRAMEWORK_MAX_BYTES=1_000_000):
        call_command("framework", "validate", str(MINI), stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("OK: ")
