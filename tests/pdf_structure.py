"""Reading a generated PDF's accessibility structure (PDF/UA-1) with pikepdf, for the structure
test of each kind of PDF."""

import io
import subprocess
from collections import Counter
from dataclasses import dataclass

import pikepdf


@dataclass
class Structure:
    kinds: Counter  # structure element types, e.g. {"H1": 1, "TH": 4, "Figure": 2}
    figure_alts: list[str]
    outline: list[str]


def _walk(element, kinds: Counter, alts: list[str]) -> None:
    stack = [element]
    while stack:
        node = stack.pop()
        kind = str(node.get("/S", ""))[1:]
        kinds[kind] += 1
        if kind == "Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in reversed(list(kids)) if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                stack.append(kid)


def _outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles = []
    with pdf.open_outline() as outline:
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(reversed(item.children))
    return titles


def assert_tagged(content: bytes, *, title: str, lang: str = "da") -> Structure:
    """The PDF is tagged PDF/UA-1 with language and shown title, and its structure tree is whole:
    every page's marked content maps to elements on that page. Returns what the tree holds."""
    pdf = pikepdf.Pdf.open(io.BytesIO(content))
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == lang
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert str(pdf.docinfo["/Title"]) == title
    with pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
    parent_tree = {
        int(nums[i]): nums[i + 1]
        for nums in [root.StructTreeRoot.ParentTree.Nums]
        for i in range(0, len(nums), 2)
    }
    for page in pdf.pages:
        entries = parent_tree[int(page.obj.StructParents)]
        for element in entries:
            assert element.Pg.objgen == page.obj.objgen
    kinds, alts = Counter(), []
    _walk(root.StructTreeRoot.K[0], kinds, alts)
    return Structure(kinds=kinds, figure_alts=alts, outline=_outline_titles(pdf))


def text_in_order(content: bytes) -> str:
    """The text as a reader gets it (poppler's pdftotext, reading order)."""
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
