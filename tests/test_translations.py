"""The English catalogue is complete and compiled: every Danish text a user reads has a translation."""

import re
import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"
APP_FOLDERS = [path.name for path in PO.parents[3].iterdir() if (path / "apps.py").exists()]


def entries(po_text: str) -> list[str]:
    return [block for block in po_text.split("\n\n") if "msgid " in block]


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    blocks = entries(PO.read_text())[1:]  # the first block is the header
    assert len(blocks) > 100
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    empty = [b for b in blocks if b.rstrip().endswith('msgstr ""')]
    assert not fuzzy, fuzzy[:3]
    assert not empty, empty[:3]


def test_compiled_catalogue_is_up_to_date():
    mo = PO.with_suffix(".mo")
    compiled = subprocess.run(
        ["msgfmt", "--check-format", "-o", "-", str(PO)], capture_output=True, check=True
    ).stdout
    assert mo.read_bytes() == compiled, "run `make messages` and commit the .mo file"


def test_no_text_to_translate_hides_inside_an_f_string():
    """makemessages (xgettext) does not read inside f-strings: a `_("…")` there never reaches the
    catalogue, and English readers get Danish."""
    root = PO.parents[3]
    hidden = re.compile(r"""\bf(["']).*\{[^}]*\b_\(""")
    found = [
        f"{path.relative_to(root)}:{number}"
        for top in APP_FOLDERS
        for path in (root / top).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if hidden.search(line)
    ]
    assert not found, found
