"""How every download names its file: the real (Danish) name and an ASCII stand-in.

Browsers that read RFC 6266's `filename*` save "mødepakke-…-v1.pdf"; the plain `filename` is for
the others, transliterated as Danes do (æ→ae, ø→oe, å→aa) instead of losing the letters
("mdepakke", "kbenhavn"). Django's own header sends only `filename*` for a non-ASCII name.
"""

import unicodedata
from urllib.parse import quote

from django.http import FileResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def ascii_text(text: str) -> str:
    """Danish letters spelled out, other accents dropped ("Brøndby Café" → "Broendby Cafe")."""
    spelled = unicodedata.normalize("NFKD", text.translate(DANISH_LETTERS))
    return spelled.encode("ascii", "ignore").decode()


def file_name(title: str, *, suffix: str = "") -> str:
    """A file name from a title, Danish letters kept: "Klimaprofil: København" → "klimaprofil-
    københavn" + suffix."""
    return f"{slugify(title, allow_unicode=True) or 'fil'}{suffix}"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    ascii_name = ascii_text(filename)
    header = content_disposition_header(attachment, ascii_name)
    if ascii_name != filename:
        header += f"; filename*=utf-8''{quote(filename)}"
    return header


def file_response(file, *, filename: str, attachment: bool = True) -> FileResponse:
    """A stored file as a download named `filename` (the content type follows from its suffix)."""
    response = FileResponse(file, as_attachment=attachment, filename=filename)
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    return response
