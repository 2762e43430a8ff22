"""Documents that cannot be read get a clear Chinese message, never a crash: an encrypted PDF, a
scanned PDF without a text layer, a corrupt .docx, an .ofd, and a .doc without LibreOffice."""

import base64
import io

import pytest
from pypdf import PdfReader, PdfWriter

from plans.parsing import PlanParseError, parse_document
from plans.parsing import office as office_module
from tests.plans.documents import paragraphs, pdf_from_html

# A 1×1 grey PNG: a "scan" is a page that holds only a picture.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==")


def text_pdf() -> bytes:
    return pdf_from_html(paragraphs(["一、总体要求", "（一）指导思想。坚持依法行政。"]), header="方案")


def test_encrypted_pdf_is_refused_with_a_message():
    """A PDF with an opening password is refused: remove the password first."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PlanParseError, match="已加密"):
        parse_document(buffer.getvalue(), "方案.pdf")


def test_scanned_pdf_is_refused_with_a_message():
    """A PDF of page images has no text to read: upload the text version."""
    image = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    data = pdf_from_html(f'<img src="{image}" style="width:150mm;height:200mm">', header="")
    with pytest.raises(PlanParseError, match="扫描件无法识别文字，请上传文字版"):
        parse_document(data, "扫描件.pdf")


def test_corrupt_pdf_and_docx_are_refused_with_a_message():
    """A truncated PDF and a broken .docx say the file is damaged."""
    with pytest.raises(PlanParseError, match="PDF"):
        parse_document(b"%PDF-1.7\n1 0 obj <<", "坏.pdf")
    with pytest.raises(PlanParseError, match="docx"):
        parse_document(b"PK\x03\x04not really a zip", "坏.docx")


def test_ofd_says_convert_to_pdf_first():
    """An .ofd is refused with how to convert it to PDF."""
    with pytest.raises(PlanParseError, match=r"OFD.*PDF"):
        parse_document(b"PK\x03\x04", "方案.ofd")


def test_doc_without_libreoffice_says_how_to_convert(monkeypatch):
    """Without LibreOffice a .doc or .wps is refused with how to save it as .docx."""
    monkeypatch.setattr(office_module, "soffice", lambda: None)
    for name in ("方案.doc", "方案.wps"):
        with pytest.raises(PlanParseError, match=r"另存为” \.docx"):
            parse_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, name)
