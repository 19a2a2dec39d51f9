"""The record a worker hands to the writer: analysed text included, light to import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extractors.analysis import index_text
from pipeline.config import OcrMode, Settings
from pipeline.discover import source_file
from pipeline.process import process_bytes
from pipeline.processed import SEARCHABLE, ProcessedDocument

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "samples"
    / "pks_pt_bapas_makassar_kewirausahaan.txt"
)


def test_the_worker_analyses_every_indexed_section_and_duty():
    source, data = source_file(SAMPLE)
    raw, parsed, extraction = process_bytes(
        source, data, settings=Settings(ocr=OcrMode.NEVER)
    )
    result = ProcessedDocument.of(raw, parsed, extraction)
    assert len(result.search.sections) == len(result.sections)
    indexed = 0
    for section, (heading, text) in zip(
        result.sections, result.search.sections, strict=True
    ):
        if section.kind in SEARCHABLE:
            indexed += 1
            assert heading == index_text(section.heading)
            assert text == index_text(result.section_text(section))
        else:
            assert (heading, text) == ("", "")
    assert indexed > 3
    assert result.search.duties == tuple(
        index_text(duty.text) for duty in extraction.obligations
    )
    assert result.search.duties


def test_the_writer_side_never_imports_spacy():
    """The ingest parent and the CLI load no NLP library (start-up time)."""
    code = (
        "import sys, pipeline.cli, pipeline.run, pipeline.load, pipeline.processed, "
        "pipeline.search; print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
