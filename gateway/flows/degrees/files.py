"""Reading the certificate and Diploma Supplement PDFs a ``degrees`` import record names.

Paths are relative to the import file's folder and may not leave it (the reader refused ``..``
and absolute paths); each file must be a PDF of at most ``MAX_PDF_BYTES``. A problem names the
file, the record and the field, and nothing is imported.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from gateway.core.degrees.model import MAX_PDF_BYTES, PDF_MAGIC, DocumentKind
from gateway.core.importing import ImportBatch
from gateway.errors import ImportFileError
from gateway.storage.degrees import DegreeFiles

_FIELDS = {DocumentKind.CERTIFICATE: "certificate_pdf", DocumentKind.SUPPLEMENT: "supplement_pdf"}


async def read_degree_files(batch: ImportBatch, base_dir: Path | None) -> DegreeFiles:
    """Every PDF the batch's degrees name, by (institution, degree code) and kind."""
    wanted = [
        (item, kind, path)
        for item in batch.degrees
        for kind, path in item.value.document_paths().items()
    ]
    if not wanted:
        return {}
    found: dict[tuple[str, str], dict[DocumentKind, bytes]] = {}
    for item, kind, relative in wanted:
        field = _FIELDS[kind]
        if base_dir is None:
            raise ImportFileError(
                batch.file, item.where, field, "PDF files can only be given in an import file"
            )
        data = await asyncio.to_thread(_read, batch.file, item.where, field, base_dir, relative)
        found.setdefault((item.value.institution, item.value.code), {})[kind] = data
    return found


def _read(file: str, where: str, field: str, base_dir: Path, relative: str) -> bytes:
    base = base_dir.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):  # a symbolic link pointing out of the folder
        raise ImportFileError(file, where, field, "must stay inside the import file's folder")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PDF_BYTES + 1)
    except OSError as exc:
        problem = f"cannot read {relative}: {exc.strerror}"
        raise ImportFileError(file, where, field, problem) from None
    if len(data) > MAX_PDF_BYTES:
        problem = f"{relative} is larger than {MAX_PDF_BYTES} bytes"
        raise ImportFileError(file, where, field, problem)
    if not data.startswith(PDF_MAGIC):
        raise ImportFileError(file, where, field, f"{relative} is not a PDF file")
    return data
