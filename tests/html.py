"""Reading a rendered page's table in tests."""

import re


def table_cells(html: str) -> tuple[list[str], list[list[str]]]:
    """The header and the body rows' cell texts of the page's table."""
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    text = lambda cell: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()  # noqa: E731
    header = [text(c) for c in re.findall(r"<th\b.*?</th>", table, re.S)]
    body = re.search(r"<tbody.*?</tbody>", table, re.S).group(0)
    rows = [
        [text(c) for c in re.findall(r"<td\b.*?</td>", row, re.S)]
        for row in re.findall(r"<tr\b.*?</tr>", body, re.S)
    ]
    return header, rows
