"""Hashed word shingles, to check that course text is written in our own words.

The source article is not part of the project, so its 8-word shingles are stored hashed in
`tests/data/seed-shingles.txt` (they cannot be read back into the article). Regenerate the
file when the article changes:

    python -m tests.own_words ../shared/seed/*.txt > tests/data/seed-shingles.txt
"""

import hashlib
import re
import sys
from pathlib import Path

SHINGLE_SIZE = 8
STORED = Path(__file__).resolve().parent / "data" / "seed-shingles.txt"


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def shingle_hash(shingle: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(shingle).encode()).hexdigest()[:16]


def article_prose(paths) -> str:
    """The article's prose; its numbered reference list holds titles we cite, not sentences."""
    return " ".join(
        line
        for path in paths
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if not re.match(r"\s*\d+\.\s", line)
    )


def stored_hashes() -> set[str]:
    return set(STORED.read_text().split())


if __name__ == "__main__":
    for digest in sorted({shingle_hash(s) for s in shingles(article_prose(sys.argv[1:]))}):
        print(digest)
