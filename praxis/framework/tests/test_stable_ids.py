"""Ids are promises to stored answers, tags and exports: they never change or come back.

``isp_ids.txt`` records every id the bundled framework has ever published. A rename or removal
fails here; to withdraw an item, delete it from the framework and list its id in
``retired_ids``. A new item's id is appended to ``isp_ids.txt`` in the same change.
"""

from pathlib import Path

from praxis.framework import bundled_framework

PUBLISHED = Path(__file__).with_name("isp_ids.txt")


def published_ids() -> list[str]:
    return [line for line in PUBLISHED.read_text().splitlines() if line.strip()]


def test_ids_are_unique():
    ids = bundled_framework().ids()
    assert len(ids) == len(set(ids))


def test_no_published_id_is_renamed_or_dropped():
    framework = bundled_framework()
    current = set(framework.ids()) | set(framework.retired_ids)
    missing = [i for i in published_ids() if i not in current]
    assert not missing, f"ids disappeared (renamed or removed without retiring): {missing}"


def test_every_id_is_recorded_as_published():
    unrecorded = [i for i in bundled_framework().ids() if i not in set(published_ids())]
    assert not unrecorded, f"append these new ids to {PUBLISHED.name}: {unrecorded}"


def test_retired_ids_are_not_in_use():
    framework = bundled_framework()
    assert not set(framework.retired_ids) & set(framework.ids())
