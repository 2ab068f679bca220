"""The English catalogue is complete and compiled: every Danish text a user reads has a translation."""

import subprocess
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"


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
