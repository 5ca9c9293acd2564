#!/usr/bin/env python3
"""Turn the ntrex-dev articles into a JSONL corpus with made-up dates.

    make_corpus.py ARTICLES_DIR OUT.jsonl [LANG ...]

ARTICLES_DIR holds ar/, en/, ru/ with one NAME.txt per article, the same
NAME in every language. Each article becomes one line
{"id": "NAME.LANG", "lang": LANG, "date": "YYYY-MM-DD", "text": ...}.
The dates are invented (ntrex-dev has none) but shaped like news: the
stories spread over two months, each translation published the same day
as the Arabic article or up to two days later, so that pairing blocked by
date (`--date-block 3`) keeps every true pair.
"""

import datetime
import json
import sys
from pathlib import Path


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    langs = sys.argv[3:] or ["en", "ru"]
    names = sorted(p.stem for p in (root / "ar").glob("*.txt"))
    start = datetime.date(2024, 1, 1)
    lines = []
    for i, name in enumerate(names):
        # A fixed, spread-out day per story: no randomness, so that every
        # run (and CI) sees the same corpus.
        day = start + datetime.timedelta(days=(i * 7) % 60)
        for k, lang in enumerate(["ar"] + langs):
            path = root / lang / f"{name}.txt"
            if not path.is_file():
                continue
            lag = 0 if lang == "ar" else (i + k) % 3
            date = (day + datetime.timedelta(days=lag)).isoformat()
            text = path.read_text(encoding="utf-8")
            record = {"id": f"{name}.{lang}", "lang": lang, "date": date, "text": text}
            lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
