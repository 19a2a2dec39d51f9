"""A/B check of the three profile-driven speed-ups of digital ingest.

Each variant runs the stage profile (:mod:`bench.profile_ingest`) in a fresh
process (spaCy's tokenizer cache must start empty) with one improvement put
back to its previous code by monkeypatching, so the effect of each is measured
on the same corpus, on the same machine, in the same run.

    python -m bench.improvements FOLDER            # all variants, a table
    python -m bench.improvements FOLDER --variant no-bulk-insert --json
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

VARIANTS = {
    "current": "all three improvements",
    "no-tokenizer-priming": "without 1: spaCy tokenizer cache priming",
    "no-bulk-insert": "without 2: bulk INSERT of child rows (ORM add_all)",
    "no-fast-letter-count": "without 3: map(str.isalpha) letter counts",
}


def _old_cid_ratio(text: str) -> float:
    visible = sum(1 for char in text if not char.isspace())
    if visible == 0:
        return 0.0
    tokens = re.findall(r"\(cid:\d+\)", text)
    return sum(len(token) for token in tokens) / visible


def revert(variant: str) -> None:
    """Put one improvement back to the code it replaced."""
    if variant == "no-tokenizer-priming":
        import pipeline.segment

        pipeline.segment.prime_tokenizer = lambda nlp, text: None  # type: ignore[attr-defined]
    elif variant == "no-bulk-insert":
        import pipeline.load

        def add_all(session: Any, rows: Any) -> None:
            session.add_all(rows)

        pipeline.load._insert_rows = add_all  # type: ignore[attr-defined]
    elif variant == "no-fast-letter-count":
        import pipeline.normalize
        import pipeline.readers.pdf as pdf

        def needs_ocr(text: str, *, min_chars: int = pdf.MIN_CHARS_PER_PAGE) -> bool:
            if _old_cid_ratio(text) > pdf.MAX_CID_SHARE:
                return True
            readable = pdf._CID_TOKEN.sub("", text)
            letters = sum(1 for char in readable if char.isalpha())
            visible = sum(1 for char in readable if not char.isspace())
            if letters < min_chars or visible == 0:
                return True
            return letters / visible < pdf.MIN_LETTER_SHARE

        pdf.needs_ocr = needs_ocr
        pipeline.normalize.cid_ratio = _old_cid_ratio
        pdf.cid_ratio = _old_cid_ratio  # type: ignore[attr-defined]


def measure(folder: Path, *, repeats: int = 3) -> dict[str, Any]:
    """Every variant, ``repeats`` times each, interleaved (fairer on a busy host)."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
    for _ in range(repeats):
        for variant in VARIANTS:
            output = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.improvements",
                    str(folder),
                    "--variant",
                    variant,
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs[variant].append(json.loads(output))
    result: dict[str, Any] = {}
    for variant, results in runs.items():
        per_page = [r["seconds"] / r["pages"] * 1000 for r in results]
        stages: dict[str, float] = {}
        for name in results[0]["stages"]:
            values = [r["stages"].get(name, 0.0) / r["pages"] * 1000 for r in results]
            stages[name] = statistics.median(values)
        result[variant] = {
            "label": VARIANTS[variant],
            "ms_per_page": {
                "median": statistics.median(per_page),
                "min": min(per_page),
                "max": max(per_page),
            },
            "stage_ms_per_page": stages,
            "pages": results[0]["pages"],
        }
    current = result["current"]["ms_per_page"]["median"]
    for variant in VARIANTS:
        result[variant]["saved_ms_per_page"] = (
            result[variant]["ms_per_page"]["median"] - current
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--variant", choices=list(VARIANTS))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if args.variant:
        revert(args.variant)
        from bench.profile_ingest import profile

        result = profile(sorted(args.folder.glob("*.pdf")))
        print(json.dumps(result))
        return 0
    print(json.dumps(measure(args.folder, repeats=args.repeats), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
