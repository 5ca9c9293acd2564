"""The dev sets and configurations that scripts/quality.py measures and
scripts/quality_report.py reports."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
NTREX = SHARED / "ntrex-dev"
TEXTBERG = SHARED / "textberg-dev"
FLOORS = ROOT / "docs" / "quality-floors.tsv"
REPORT = ROOT / "docs" / "QUALITY.md"

ALIGN_SETS = [
    ("ntrex-dev align ar-en", NTREX / "align" / "ar-en"),
    ("ntrex-dev align ar-ru", NTREX / "align" / "ar-ru"),
    ("ntrex-dev abridged ar-en", NTREX / "abridged" / "ar-en"),
    ("ntrex-dev abridged ar-ru", NTREX / "abridged" / "ar-ru"),
]


# What the dictionary-free configurations run with: an empty dictionary
# search path, as if no dictionary package were installed (see
# `mizan dicts`), so their figures do not move when one is.
NO_DICT_ENV = {**os.environ, "MIZAN_DICT_PATH": ""}
# What the configurations with dictionaries run with: the caller's
# environment, so the system's search path (or the caller's
# MIZAN_DICT_PATH).
SYSTEM_ENV = dict(os.environ)


# The configurations compared in the report: (key, label, extra align
# flags, each document pair alone, with the system's dictionaries). The
# others run as if no dictionary were installed (NO_DICT_ENV), so their
# figures are the same on any machine; those with dictionaries are
# measured, and their floors checked, only for the language pairs the
# installed dictionaries serve.
CONFIGS = [
    ("length", "length only", ["--no-anchors", "--no-lexicon"], False, False),
    ("anchors-1pass", "length and anchors, one pass", ["--passes", "1", "--no-lexicon"], False, False),
    ("anchors", "length and anchors, three passes", ["--no-lexicon"], False, False),
    ("lexicon-1round", "length, anchors and one round of the learned lexicon", ["--lexicon-rounds", "1"],
     False, False),
    ("default", "length, anchors and two rounds of the learned lexicon (the default), no dictionary",
     [], False, False),
    ("default-dict", "the default with the system's dictionaries", [], False, True),
    ("single", "the default, each document pair alone, no dictionary", [], True, False),
    ("single-dict", "the default, each document pair alone, with the system's dictionaries", [], True,
     True),
]
DICT_CONFIGS = {c[0] for c in CONFIGS if c[4]}
