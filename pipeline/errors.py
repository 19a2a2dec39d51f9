"""Exit codes and the errors of the pipeline, each with a remedy."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from schemas.records import ErrorKind


class ExitCode(IntEnum):
    """Process exit codes of the ``pks`` command."""

    OK = 0
    FATAL = 1
    USAGE = 2
    SOME_FAILED = 3


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class DocumentError(PipelineError):
    """One input file cannot be processed; the batch goes on."""

    kind: ErrorKind = ErrorKind.UNREADABLE
    remedy: str = ""

    def __init__(self, path: Path | str, reason: str = "") -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """One line naming the file, the reason and the remedy."""
        parts = [f"{self.path}: {self.kind.value}"]
        if self.reason:
            parts.append(f"({self.reason})")
        text = " ".join(parts)
        return f"{text}; {self.remedy}" if self.remedy else text


class EmptyFileError(DocumentError):
    """The file has no bytes, or no text at all."""

    kind = ErrorKind.EMPTY
    remedy = "the file holds no text"


class CorruptFileError(DocumentError):
    """The file is damaged or truncated."""

    kind = ErrorKind.CORRUPT
    remedy = "obtain an undamaged copy of the file"


class EncryptedPdfError(DocumentError):
    """The PDF needs a password."""

    kind = ErrorKind.ENCRYPTED
    remedy = "remove the password (qpdf --decrypt in.pdf out.pdf) and ingest the copy"


class UnsupportedMediaError(DocumentError):
    """The bytes are not a format pks reads."""

    kind = ErrorKind.UNSUPPORTED
    remedy = "pks reads PDF, DOCX, HTML and plain text"


class UnreadableFileError(DocumentError):
    """The file exists but the operating system will not let us read it."""

    kind = ErrorKind.UNREADABLE
    remedy = "check that the file is readable by this user and not a special file"


class SetupError(PipelineError):
    """A fatal problem with the installation or the database; the run stops."""


class NoTextError(DocumentError):
    """Every page is a scan without a text layer; OCR is needed to read it."""

    kind = ErrorKind.NEEDS_OCR
    remedy = "scanned pages need OCR, which this version of pks does not run yet"
