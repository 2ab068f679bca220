"""Small real PDFs for attachment tests, made with WeasyPrint (no binary files in the repository)."""

from weasyprint import HTML


def make_pdf(label: str, pages: int = 1, landscape: bool = False, tagged: bool = False) -> bytes:
    """A PDF with a heading and a line per page; `tagged`: PDF/UA-1, as a careful author makes it."""
    size = "A4 landscape" if landscape else "A4"
    body = "".join(
        f'<section style="break-after: page"><h1>{label}</h1><p>Side {n} af bilaget</p></section>'
        for n in range(1, pages + 1)
    )
    html = (
        f'<html lang="da"><title>{label}</title>'
        f"<style>@page {{ size: {size}; margin: 20mm }} body {{ font-family: sans-serif }}</style>"
        f"{body}</html>"
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1" if tagged else None)
