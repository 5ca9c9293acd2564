#!/usr/bin/env python3
"""Scores an alignment of a sentence-split pair (scripts/real_pair.py
... sentences ...) that has no line-level gold: a link is correct when the
text of its two sides, joined, is a sentence pair of
../shared/corpora/ntrex-dev/articles/gold.ar-en.tsv (compared with runs of
white space folded). Only copies whose text was not exchanged (all of a
`shuffled` or `repeated` pair, the first copy of a `distinct` one) can be
checked.

Usage: text_pairs.py SRC TGT BEADS
Prints: links (both sides non-empty), correct links, and their share.
"""

import csv
import re
import sys
from pathlib import Path

GOLD = (Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "ntrex-dev"
        / "articles" / "gold.ar-en.tsv")


def fold(text):
    return " ".join(text.split())


def main():
    src_path, tgt_path, beads_path = sys.argv[1:4]
    with open(GOLD, encoding="utf-8", newline="") as f:
        gold = {(fold(r[1]), fold(r[2])) for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    src = Path(src_path).read_text(encoding="utf-8").splitlines()
    tgt = Path(tgt_path).read_text(encoding="utf-8").splitlines()
    links = correct = 0
    for line in Path(beads_path).read_text(encoding="utf-8").splitlines():
        m = re.match(r"\[(.*?)\]:\[(.*?)\]", line)
        if not m:
            continue
        s = [int(x) for x in m.group(1).split(",") if x.strip()]
        t = [int(x) for x in m.group(2).split(",") if x.strip()]
        if not s or not t:
            continue
        links += 1
        pair = (fold(" ".join(src[i] for i in s)), fold(" ".join(tgt[j] for j in t)))
        correct += pair in gold
    print(f"{links}\t{correct}\t{correct / max(links, 1):.4f}")


if __name__ == "__main__":
    main()
