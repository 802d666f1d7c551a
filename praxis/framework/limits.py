"""How much a framework file or CASE package may ask of the machine reading it.

The one place these bounds are decided. Each is far above what a real competency framework
needs (the bundled ISP framework is 0.1 MB, nested 9 levels deep; its CASE package 0.6 MB, with
278 items and 326 associations) and low enough that a hostile file is refused within two seconds
and 200 MB of memory.
"""

MAX_BYTES = 5_000_000
"""Default size limit of a file, in bytes; callers may pass another (Praxis: a setting)."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings in a file, and of items in a CASE tree."""

MAX_VALUES = 100_000
"""Most values (mappings, lists and scalars; in YAML, keys too) in a file: the ISP framework has
1,352, its CASE package 11,131. Parsing costs time and memory per value (some 5 µs and 400 bytes
in YAML), far more than per byte, and a 5 MB file can hold 2.5 million of them."""

MAX_CASE_ITEMS = 3_000
"""Most CFItems a CASE package may hold."""

MAX_CASE_ASSOCIATIONS = 6_000
"""Most CFAssociations a CASE package may hold."""
