"""A .doc or .wps is converted to .docx by LibreOffice when it is installed (here a stand-in
`soffice` that writes the converted file where LibreOffice would), then read like any .docx; the
upload check accepts PDF and old Word files by their content, and refuses .ofd with advice."""

import stat
import sys

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.parsing import office as office_module
from plans.parsing import parse_document
from plans.uploads import check_upload

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

FAKE_SOFFICE = """#!{python}
import shutil, sys
args = sys.argv[1:]
outdir = args[args.index("--outdir") + 1]
source = args[-1]
shutil.copy({docx!r}, outdir + "/" + source.rsplit("/", 1)[-1].rsplit(".", 1)[0] + ".docx")
"""


def test_doc_is_converted_with_libreoffice(tmp_path, monkeypatch):
    """With soffice on the machine a .wps is converted and parsed."""
    document = docx.Document()
    for line in (
        "某区法治政府建设工作要点",
        "一、完善依法行政制度体系",
        "（一）加强规范性文件管理。牵头单位：区司法局。",
    ):
        document.add_paragraph(line)
    converted = tmp_path / "converted.docx"
    document.save(converted)
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable, docx=str(converted)))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(office_module, "soffice", lambda: str(script))
    plan = parse_document(OLE2, "要点.wps")
    assert [(u.label, u.heading) for u in plan.units] == [
        ("一、", "完善依法行政制度体系"),
        ("（一）", "加强规范性文件管理"),
    ]


def upload(name: str, data: bytes):
    return check_upload(SimpleUploadedFile(name, data), kinds={"txt", "docx", "pdf", "html", "doc"})


def test_upload_check_accepts_pdf_and_doc_by_content(settings):
    """%PDF and OLE2 contents pass; a .pdf that is not one, and an .ofd, are refused in Chinese."""
    assert upload("方案.pdf", b"%PDF-1.7\n...")[0] == "pdf"
    assert upload("方案.doc", OLE2)[0] == "doc"
    with pytest.raises(ValidationError, match="不是PDF"):
        upload("方案.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError, match="OFD"):
        upload("方案.ofd", b"PK\x03\x04")
