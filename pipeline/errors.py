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
    LOCKED = 75  # EX_TEMPFAIL: another run holds the database; try again later
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    TERMINATED = 143  # SIGTERM (128 + SIGTERM)


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
    remedy = (
        "pks reads PDF, DOCX, HTML, plain text and scanned images (PNG, JPEG, TIFF)"
    )


class UnreadableFileError(DocumentError):
    """The file exists but the operating system will not let us read it."""

    kind = ErrorKind.UNREADABLE
    remedy = "check that the file is readable by this user and not a special file"


class SetupError(PipelineError):
    """A fatal problem with the installation or the database; the run stops."""


class NoTextError(DocumentError):
    """Every page is a scan without a text layer; OCR is needed to read it."""

    kind = ErrorKind.NEEDS_OCR
    remedy = (
        "scanned pages need OCR (--ocr auto, the default); "
        "blank pages have nothing to read"
    )


class OcrFailedError(DocumentError):
    """OCR was needed but recognised no page (every page failed or timed out)."""

    kind = ErrorKind.OCR_FAILED
    remedy = (
        "check that the scan opens in an image viewer; "
        "a huge page may need a longer --ocr-timeout"
    )


class OcrSetupError(SetupError):
    """Tesseract or one of its language packs is missing: the run stops."""

    def __init__(self, what: str, package: str) -> None:
        self.package = package
        super().__init__(
            f"{what}: install the Debian package {package} "
            f"(sudo apt-get install {package}, or `make install`)"
        )


class TooLargeError(DocumentError):
    """The file is over a configured cap (bytes, pages or text length)."""

    kind = ErrorKind.TOO_LARGE
    remedy = "raise the cap (see `pks ingest --help`) to read it"


class RunLockedError(SetupError):
    """Another ``pks ingest`` is writing to the same database."""


class DiskFullError(SetupError):
    """The disk (or the database's size limit) is full: the run stops."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"disk full ({detail}): the run stopped and the last document was "
            "rolled back, so the database is consistent; free some space and "
            "run again to finish"
        )


class RunInterrupted(PipelineError):
    """SIGINT or SIGTERM stopped the run between two documents."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by signal {signum}")
