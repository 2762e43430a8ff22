"""Old Word (.doc), WPS (.wps) and OFD files: converted with LibreOffice when it is installed,
otherwise refused with a message that says how to convert them."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from plans.parsing.errors import PlanParseError

CONVERT_SECONDS = 60
OFD_MESSAGE = "暂不支持 OFD 版式文件：请用 OFD 阅读器（如数科阅读器、福昕 OFD 版式办公套件）将其另存或打印为 PDF 后上传"


def soffice() -> str | None:
    """The LibreOffice command, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, suffix: str) -> bytes:
    """A .doc or .wps converted to .docx by LibreOffice (headless, time-bounded)."""
    command = soffice()
    if command is None:
        raise PlanParseError(
            f"无法直接读取 {suffix} 文件：请在 Word 或 WPS 中“另存为” .docx（或导出为 PDF）后上传"
            "（管理员安装 LibreOffice 后可直接上传 .doc/.wps）"
        )
    with tempfile.TemporaryDirectory(prefix="duban-convert-") as folder:
        source = Path(folder) / f"document{suffix}"
        source.write_bytes(data)
        try:
            subprocess.run(
                # A profile of its own: a second conversion must not wait on another's lock.
                [command, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "docx",
                 "--outdir", folder, str(source)],
                capture_output=True,
                timeout=CONVERT_SECONDS,
                check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PlanParseError(f"{suffix} 文件转换失败或超时，请另存为 .docx 后上传") from exc
        converted = source.with_suffix(".docx")
        if not converted.exists():
            raise PlanParseError(f"{suffix} 文件转换失败（文件可能已损坏），请另存为 .docx 后上传")
        return converted.read_bytes()
