"""The one reader of uploaded spreadsheets (XLSX) and CSV files, for every import in the portal.

An upload is small (the forms cap it at a few MB), but the work of reading it need not be: an XLSX
is a zip whose members may unpack to far more than the upload, and a sheet may number its last row
3,000,000 in a file of 1 KB, which openpyxl answers by producing every empty row in between. So the
work is bounded before and while reading, not only the rows kept:

- the zip members' declared uncompressed sizes are summed before openpyxl opens the file (Python's
  zipfile never inflates a member beyond its declared size: it fails the CRC check instead);
- a sheet whose declared size (its `dimension`) is beyond the row or column limit is refused;
- reading stops at the row limit, counting blank rows: a row beyond it, blank or not, refuses the
  sheet, so a far-away row number costs no more than the limit.

The result is the header and the non-blank rows as text, with the row numbers the user sees; the
importers map the headers to their columns.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
# Wider than any of our sheets (the initiative template has 13 columns), narrow enough that padding
# every row to the full width costs nothing.
MAX_COLUMNS = 100


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, in Danish, for the user."""


@dataclass
class Rows:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (the line number the user sees, the cells as text)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Arket har mere end %(max)d rækker under overskriften (tomme rækker tæller med). "
            "Slet de tomme rækker nederst, eller del arket op i flere filer."
        )
        % {"max": max_rows}
    )


def _check_unpacked_size(content: bytes) -> None:
    not_xlsx = SpreadsheetError(_("Filen kunne ikke læses som et Excel-ark (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_xlsx from exc
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            _("Arket fylder for meget udpakket (over %(max)d MB). Del det op i flere filer.")
            % {"max": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )


def read_xlsx(content: bytes, *, max_rows: int) -> Rows:
    """The first sheet's header and non-blank rows; at most `max_rows` rows under the header."""
    from openpyxl import load_workbook

    _check_unpacked_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a malformed file
        raise SpreadsheetError(_("Filen kunne ikke læses som et Excel-ark (.xlsx).")) from exc
    try:
        return _read_first_sheet(workbook, max_rows=max_rows)
    finally:
        workbook.close()


def _read_first_sheet(workbook, *, max_rows: int) -> Rows:
    last_row = max_rows + 1  # the header is row 1
    header, rows = [], []
    try:
        sheet = workbook.worksheets[0]
        # The declared size (None when the file leaves it out; the walk below is bounded anyway).
        if (sheet.max_row or 0) > last_row:
            raise _too_many_rows(max_rows)
        if (sheet.max_column or 0) > MAX_COLUMNS:
            raise SpreadsheetError(
                _("Arket har mere end %(max)d kolonner. Slet de kolonner, der ikke hører til.")
                % {"max": MAX_COLUMNS}
            )
        # One row past the limit is asked for: openpyxl yields it (empty) if anything lies beyond.
        walk = sheet.iter_rows(max_row=last_row + 1, max_col=MAX_COLUMNS, values_only=True)
        for line, cells in enumerate(walk, start=1):
            if line > last_row:
                raise _too_many_rows(max_rows)
            texts = [cell_text(cell) for cell in cells]
            if line == 1:
                header = texts
            elif any(texts):
                rows.append((line, texts))
    except SpreadsheetError:
        raise
    except Exception as exc:  # a malformed worksheet surfaces only while it is read
        raise SpreadsheetError(_("Filen kunne ikke læses som et Excel-ark (.xlsx).")) from exc
    return Rows(header=header, rows=rows)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Danish Windows saves CSV in Windows-1252.
        return content.decode("cp1252", errors="replace")


def read_csv(content: bytes, *, max_rows: int) -> Rows:
    """The header and non-blank rows of a CSV file whose delimiter is `;` or `,` (read off the
    header line); at most `max_rows` lines under the header, blank ones included."""
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(_("Filen er ikke en CSV-fil (tekst)."))
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header, rows = [], []
    try:
        header = [cell.strip() for cell in next(reader, [])]
        for number, cells in enumerate(reader, start=1):
            if number > max_rows:
                raise SpreadsheetError(
                    _(
                        "Filen har mere end %(max)d linjer under overskrifterne (tomme linjer "
                        "tæller med). Del den op i flere filer."
                    )
                    % {"max": max_rows}
                )
            texts = [cell.strip() for cell in cells]
            if any(texts):
                rows.append((reader.line_num, texts))
    except csv.Error as exc:  # a field longer than the csv module allows, a stray quote, ...
        raise SpreadsheetError(
            _("Filen kunne ikke læses som CSV (linje %(line)d).") % {"line": reader.line_num}
        ) from exc
    return Rows(header=header, rows=rows)
