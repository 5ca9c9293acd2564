#!/usr/bin/env python3
"""Measure mizan's quality on the dev sets in ../shared/corpora.

Writes docs/QUALITY.md (by default) and, with --check, fails when a figure
is below its floor in docs/quality-floors.tsv. CI runs it with --check.

Usage: python3 scripts/quality.py [--check] [--no-write] [--mizan PATH]
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
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


def run(cmd, env=None):
    res = subprocess.run(cmd, capture_output=True, text=True, env=env if env is not None else NO_DICT_ENV)
    if res.returncode != 0:
        sys.exit(f"quality: command failed ({res.returncode}): {' '.join(map(str, cmd))}\n{res.stderr}")
    return res.stdout


def key(name):
    return name.replace(" ", "_")


def align_single(mizan, folder, extra, out, env):
    """Align each DOC.src/DOC.tgt of a folder alone, in a run of its own
    (as a translator aligns one article with its translation: no lexicon
    can be learned from other documents), and score all against DOC.gold."""
    beads = out / "beads"
    beads.mkdir(parents=True, exist_ok=True)
    docs = [g.stem for g in sorted(folder.glob("*.gold"))]
    # Two runs at a time, one thread each: the documents are small.
    env = {**env, "RAYON_NUM_THREADS": "1"}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda doc: run(
            [mizan, "align", "--presegmented", "-f", "beads", *extra,
             folder / f"{doc}.src", folder / f"{doc}.tgt", "-o", beads / f"{doc}.beads"], env), docs))
    return json.loads(run([mizan, "eval", "--json", "--gold", folder, "--test", beads]))


def align_set(mizan, name, folder, extra, out, env=None):
    """Align all DOC.src/DOC.tgt of a folder in one run (so the lexicon is
    learned from the whole set, as a user's run over a corpus would) and
    score against DOC.gold."""
    src, tgt, beads = out / "src", out / "tgt", out / "beads"
    for d in (src, tgt):
        d.mkdir(parents=True, exist_ok=True)
    for gold in sorted(folder.glob("*.gold")):
        doc = gold.stem
        (src / f"{doc}.txt").symlink_to(folder / f"{doc}.src")
        (tgt / f"{doc}.txt").symlink_to(folder / f"{doc}.tgt")
    run([mizan, "align", "--presegmented", "-f", "beads", *extra, src, tgt, "-o", beads], env)
    return json.loads(run([mizan, "eval", "--json", "--gold", folder, "--test", beads]))


def read_beads(path):
    """Links of a gold or beads file as (source ids, target ids) tuples."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("]")
        if len(parts) < 2:
            continue
        ids = [tuple(int(x) for x in p.strip(" :[").split(",") if x.strip()) for p in parts[:2]]
        out.append((ids[0], ids[1]))
    return out


def two_by_two(folder, beads):
    """Gold 2-2 links (since 2026-12-01 two sentences whose translations
    come in swapped order) and how the test links cover them: found as the
    same 2-2 link, or as other links (listed by shape, e.g. "1-2+1-0")."""
    n22 = found = 0
    other = {}
    for gold_path in sorted(folder.glob("*.gold")):
        test = read_beads(beads / f"{gold_path.stem}.beads")
        for b in read_beads(gold_path):
            if len(b[0]) != 2 or len(b[1]) != 2:
                continue
            n22 += 1
            if b in test:
                found += 1
                continue
            cover = [t for t in test if set(t[0]) & set(b[0]) or set(t[1]) & set(b[1])]
            shape = "+".join(f"{len(s)}-{len(t)}" for s, t in cover)
            other[shape] = other.get(shape, 0) + 1
    return {"gold_22": n22, "found": found, "other": other}


def textberg(mizan, extra, out, env=None):
    """textberg-dev is one document pair, so it is aligned alone in
    either mode."""
    out.mkdir(parents=True, exist_ok=True)
    beads = out / "dev.beads"
    run([mizan, "align", "--presegmented", "-f", "beads", "--src-lang", "de", "--tgt-lang", "fr",
         *extra, TEXTBERG / "dev.de", TEXTBERG / "dev.fr", "-o", beads], env)
    return json.loads(run([mizan, "eval", "--json", "--gold", TEXTBERG / "dev.defr", "--test", beads]))


def served_pairs(mizan):
    """The language pairs (`ar-en`, ...) the dictionaries installed on this
    machine serve, as `mizan dicts` lists them under the system's search
    path; empty when none is installed."""
    out = run([mizan, "dicts"], SYSTEM_ENV)
    served = set()
    listing = False
    for line in out.splitlines():
        if line.startswith("language pairs served"):
            listing = True
        elif listing and ":" in line:
            a, b = line.split(":")[0].split()[0].split("-")
            served |= {f"{a}-{b}", f"{b}-{a}"}
    return served


def set_pair(name):
    """The language pair of a set name (`ntrex-dev align ar-en` -> ar-en)."""
    return name.split()[-1]


def coverage(served):
    """Share of the ntrex-dev align sets' content words that find an entry
    in the dictionaries, before and after normalising and stemming both."""
    out = {}
    for name, folder in ALIGN_SETS[:2]:
        pair = set_pair(name)
        if pair not in served:
            continue
        src, tgt = pair.split("-")
        cmd = ["cargo", "run", "--release", "--quiet", "--manifest-path", ROOT / "Cargo.toml",
               "--example", "dict_coverage", "--", src, tgt, *sorted(folder.glob("*.src")), "--",
               *sorted(folder.glob("*.tgt"))]
        out[pair] = json.loads(run(cmd, SYSTEM_ENV))
    return out


def pairing(mizan, tmp):
    """`mizan pair` on the pairing sets, scored against their gold pairs."""
    out = {}
    for setname in ("pairing", "pairing-hard"):
        base = NTREX / setname
        for lang in ("en", "ru"):
            pairs_file = tmp / f"{setname}-{lang}.tsv"
            run([mizan, "pair", base / "ar", base / lang, "-o", pairs_file])
            got = set()
            for line in pairs_file.read_text(encoding="utf-8").splitlines():
                a, o = line.split("\t")[:2]
                got.add((a, o))
            gold = set()
            for line in (base / f"gold.ar-{lang}.tsv").read_text(encoding="utf-8").splitlines():
                if line.strip():
                    a, o = line.split("\t")[:2]
                    gold.add((a, o))
            correct = len(got & gold)
            p = correct / len(got) if got else 0.0
            r = correct / len(gold) if gold else 0.0
            out[f"{setname} ar-{lang}"] = {"precision": p, "recall": r, "pairs": len(got), "gold": len(gold)}
    return out


def squash(text):
    return " ".join(text.split())


def end_to_end(mizan, tmp):
    """`mizan build` over the raw articles; each TSV unit is checked against
    articles/gold.ar-*.tsv. A unit is correct when its Arabic side is one gold
    sentence or a run of consecutive ones and its other side is exactly their
    gold counterparts; recall counts the gold pairs inside correct units."""
    arts = NTREX / "articles"
    out_dir = tmp / "e2e"
    run([mizan, "build", arts, "-o", out_dir, "--quiet"])
    out = {}
    for lang in ("en", "ru"):
        gold = {}
        for line in (arts / f"gold.ar-{lang}.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc, a, o = line.split("\t")[:3]
            gold.setdefault(doc, []).append((squash(a), squash(o)))
        units = []
        rows = (out_dir / f"ar-{lang}.tsv").read_text(encoding="utf-8").splitlines()[1:]
        for row in rows:
            doc, _bead, _score, src, tgt = row.split("\t")
            units.append((doc, squash(src), squash(tgt)))
        correct = covered = 0
        for doc, src, tgt in units:
            g = gold.get(doc, [])
            hit = 0
            for start in range(len(g)):
                if not src.startswith(g[start][0]):
                    continue
                for end in range(start + 1, len(g) + 1):
                    a = " ".join(x[0] for x in g[start:end])
                    if len(a) > len(src):
                        break
                    if a == src and " ".join(x[1] for x in g[start:end]) == tgt:
                        hit = end - start
                        break
                if hit:
                    break
            if hit:
                correct += 1
                covered += hit
        total = sum(len(v) for v in gold.values())
        out[f"ar-{lang}"] = {
            "precision": correct / len(units) if units else 0.0,
            "recall": covered / total if total else 0.0,
            "units": len(units),
            "gold": total,
        }
    return out


def name_sample():
    """Cross-script name matching on the hand-labelled sample in
    tests/data/names/dev_pairs.tsv (built from the ntrex-dev articles)."""
    out = run(["cargo", "run", "--release", "--quiet", "--manifest-path", ROOT / "Cargo.toml",
               "--example", "name_sample", "--", ROOT / "tests" / "data" / "names" / "dev_pairs.tsv"])
    return json.loads(out)


def segmentation(mizan):
    arts = NTREX / "articles"
    out = {}
    for lang, gold, col in [("ar", "gold.ar-en.tsv", 1), ("en", "gold.ar-en.tsv", 2), ("ru", "gold.ar-ru.tsv", 2)]:
        out[lang] = json.loads(run([mizan, "eval-segments", "--json", "--column", str(col),
                                    "--lang", lang, arts / lang, arts / gold]))
    return out


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


def measure(mizan, configs, served):
    figures = {}
    tables = []
    splits = {}
    calib = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for ci, (ckey, label, extra, single, dicts) in enumerate(configs):
            env = SYSTEM_ENV if dicts else NO_DICT_ENV
            rows = []
            for name, folder in ALIGN_SETS:
                if dicts and set_pair(name) not in served:
                    continue
                out = tmp / f"c{ci}" / key(name)
                if single:
                    s = align_single(mizan, folder, extra, out, env)
                else:
                    s = align_set(mizan, name, folder, extra, out, env)
                rows.append((name, s))
                if ckey == "default" and "align" in name:
                    splits[name] = two_by_two(folder, out / "beads")
                    splits[name]["f1"] = s["strict"]["f1"]
            if not dicts or "de-fr" in served:
                rows.append(("textberg-dev de-fr", textberg(mizan, extra, tmp / f"c{ci}" / "textberg", env)))
            if ckey in ("default", "single"):
                prefix = "calibration" if ckey == "default" else "calibration-single"
                for name, s in rows:
                    c = s["calibration"]
                    calib.setdefault(ckey, {})[name] = c
                    figures[f"{prefix}/{key(name)}/ece"] = c["ece"]
                    figures[f"{prefix}/{key(name)}/auc"] = c["auc"]
                    figures[f"{prefix}/{key(name)}/precision_at_0.9"] = c["precision_at_review"]
                    figures[f"{prefix}/{key(name)}/kept_at_0.9"] = c["kept_at_review"]
            tables.append((label, extra, rows))
            for name, s in rows:
                figures[f"{ckey}/{key(name)}/strict_f1"] = s["strict"]["f1"]
                figures[f"{ckey}/{key(name)}/lax_f1"] = s["lax"]["f1"]
        pairs = pairing(mizan, tmp)
        e2e = end_to_end(mizan, tmp)
    seg = segmentation(mizan)
    names = name_sample()
    figures["names/precision"] = names["precision"]
    figures["names/recall"] = names["recall"]
    for lang, s in seg.items():
        figures[f"segmentation/{lang}/f1"] = s["f1"]
    for name, s in pairs.items():
        figures[f"pairing/{key(name)}/precision"] = s["precision"]
        figures[f"pairing/{key(name)}/recall"] = s["recall"]
    for name, s in e2e.items():
        figures[f"end-to-end/{name}/unit_precision"] = s["precision"]
        figures[f"end-to-end/{name}/pair_recall"] = s["recall"]
    return figures, tables, seg, pairs, e2e, names, splits, calib


def is_ceiling(name):
    """Figures where lower is better: the floor file's value is a ceiling."""
    return name.endswith("/ece")


def below(name, value, floor):
    return value > floor if is_ceiling(name) else value < floor


# The calibration targets of issue 12, on every dev set and run: ECE at
# most 0.01, AUC at least 0.95, at least 99.5% of the units scored >= 0.9
# correct, and at least 95% of the correct units scored >= 0.9.
CALIBRATION_TARGETS = (("ece", 0.01, "ECE <= 0.01"), ("auc", 0.95, "AUC >= 0.95"),
                       ("precision_at_review", 0.995, "correct among >= 0.9 >= 0.995"),
                       ("kept_at_review", 0.95, "correct kept at >= 0.9 >= 0.95"))
# What scripts/fit-confidence.py --write measured when it fitted the shipped
# models: each set and run scored by the models fitted on all sets, and by
# models fitted without that set.
FIT_REPORT = ROOT / "data" / "confidence" / "fit-report.tsv"


def calibration_targets(calib):
    """One line per target: on how many of the measured runs it is met."""
    runs = [c for ckey in ("default", "single") for c in calib.get(ckey, {}).values()]
    out = []
    for field, bound, label in CALIBRATION_TARGETS:
        met = sum(1 for c in runs if (c[field] <= bound if field == "ece" else c[field] >= bound))
        out.append(f"- {label}: met on {met} of {len(runs)}")
    return out


def fit_report():
    """The table of FIT_REPORT, or nothing when it is missing."""
    if not FIT_REPORT.exists():
        return []
    rows = [line.split("\t") for line in FIT_REPORT.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    lines = ["", "When the shipped models were fitted (`scripts/fit-confidence.py`, features and",
             "penalty as its header says), each set and run scored by the models fitted on every",
             "set (*in-sample*) and by models fitted without that set, both runs of it left out",
             "(*held out*). The features were chosen on the held-out log loss, so the held-out",
             "figures flatter the models somewhat; the *alone* runs fitted here use no dictionary.", "",
             "| set | run | in-sample ECE | AUC | >= 0.9 correct | kept | held-out ECE | AUC | >= 0.9 correct | kept |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows[1:]:
        lines.append("| " + " | ".join(r) + " |")
    return lines


def calibration_section(calib):
    lines = ["## Calibrated confidence", "",
             "Each link's score estimates the probability that it is a correct translation unit:",
             "both of its sides are the union of a run of gold links (`mizan eval` reports these",
             "figures; `src/confidence` has the model, fitted by `scripts/fit-confidence.py`).",
             "ECE is the expected calibration error over ten equal-width bins; AUC the area under",
             "the ROC curve; the last two columns are the share of units scored at least 0.9 that",
             "are correct, and the share of correct units scored at least 0.9. *corpus* is the",
             "default configuration (each set in one run); *alone* aligns each document pair in a",
             "run of its own (textberg-dev is one document, so both are the same run).", "",
             "| set | run | units | wrong | ECE | AUC | correct among >= 0.9 | correct kept at >= 0.9 |",
             "|---|---|---|---|---|---|---|---|"]
    runs = [("default", "corpus"), ("single", "alone")]
    for ckey, run_name in runs:
        for name, c in calib.get(ckey, {}).items():
            lines.append(f"| {name} | {run_name} | {c['units']} | {c['units'] - c['correct']} | {c['ece']:.4f} "
                         f"| {c['auc']:.4f} | {c['precision_at_review']:.4f} | {c['kept_at_review']:.4f} |")
    lines += ["", "Reliability (predicted vs observed share of correct units, by score bin; units in brackets):", "",
              "| set | " + " | ".join(f"{k / 10:.1f}-" for k in range(10)) + " |",
              "|---|" + "---|" * 10]
    for ckey, run_name in runs:
        for name, c in calib.get(ckey, {}).items():
            cells = [f"{b['predicted']:.2f}/{b['observed']:.2f} ({b['units']})" if b["units"] else "-"
                     for b in c["bins"]]
            lines.append(f"| {name}, {run_name} | " + " | ".join(cells) + " |")
    lines += ["", "Targets of issue 12, over the runs above (textberg-dev counted once a run):", ""]
    lines += calibration_targets(calib)
    lines += fit_report()
    lines.append("")
    return lines


# Targets of issue 15 for the single-pair mode with dictionaries.
SINGLE_TARGETS = {"ntrex-dev align ar-en": 0.96, "ntrex-dev align ar-ru": 0.955,
                  "ntrex-dev abridged ar-en": 0.98, "ntrex-dev abridged ar-ru": 0.95}


def dictionary_section(tables, served, dict_figures):
    """The single-pair and dictionary comparison, coverage and pivot."""
    strict = {label: {name: s["strict"]["f1"] for name, s in rows} for label, _, rows in tables}
    labels = {c[0]: c[1] for c in CONFIGS}
    cols = [("default", "corpus"), ("default-dict", "corpus + dicts"), ("single", "alone"),
            ("single-dict", "alone + dicts")]
    lines = ["## One document pair at a time, and the system's dictionaries", "",
             "A translator usually aligns one article with its translation. In the *alone*",
             "configurations each document pair of a set is aligned in a run of its own, so the",
             "lexicon is learned from that pair only; *+ dicts* adds the bilingual dictionaries",
             "installed on the machine (`mizan dicts`; Debian's `dict-freedict-ara-eng`,",
             "`mueller7-dict`, `dict-freedict-eng-rus`, `dict-freedict-deu-fra`), Arabic-Russian",
             "composed through English. The configurations without *dicts* run with",
             "`MIZAN_DICT_PATH` empty, as where none is installed. Strict F1:", "",
             "| set | " + " | ".join(c[1] for c in cols) + " | target (alone + dicts) |",
             "|---|" + "---|" * (len(cols) + 1)]
    names = [n for n, _ in ALIGN_SETS] + ["textberg-dev de-fr"]
    for name in names:
        cells = []
        for ckey, _ in cols:
            v = strict.get(labels[ckey], {}).get(name)
            cells.append(f"{v:.4f}" if v is not None else "not measured")
        target = SINGLE_TARGETS.get(name)
        cells.append(f"{target:.3f}" if target else "not below *alone*")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    if not served:
        lines += ["No dictionary was installed when this report was made.", ""]
    cov = dict_figures.get("coverage") or {}
    if cov:
        lines += ["Content words of the ntrex-dev align sets (as the tokenizer keeps them: no function",
                  "words, numbers or one-letter words) that find a dictionary entry, matched as whole",
                  "normalised words (*before*) and as the aligner's normalised, stemmed tokens on both",
                  "sides (*after*; `examples/dict_coverage.rs`):", "",
                  "| pair | dictionaries | source before | source after | target before | target after | words |",
                  "|---|---|---|---|---|---|---|"]
        for pair, c in cov.items():
            lines.append(f"| {pair} | {c['dictionaries']} | {c['src']['before']:.4f} | {c['src']['after']:.4f} "
                         f"| {c['tgt']['before']:.4f} | {c['tgt']['after']:.4f} "
                         f"| {c['src']['words']} + {c['tgt']['words']} |")
        lines.append("")
    piv = dict_figures.get("pivot")
    if piv:
        lines += ["The Arabic-Russian lexicon composed through English, on a sample labelled (by the session",
                  "that wrote the pivot, not a native speaker) from the ntrex-dev articles",
                  "(`tests/data/pivot/dev_sample.tsv`; how it was made is",
                  "in its header): precision of the pairs the pivot proposes for the sample's Arabic",
                  "words (a pair is right when the Russian word, stemmed, is one of the translations",
                  "labelled for the word), and the share of the sample's words whose labelled",
                  "translation is among them (`examples/pivot_sample.rs`).", "",
                  "| words | pairs proposed | precision | precision of each word's best | words covered |",
                  "|---|---|---|---|---|",
                  f"| {piv['words']} | {piv['proposed']} | {piv['precision']:.4f} | {piv['top1_precision']:.4f} "
                  f"| {piv['recall']:.4f} |", ""]
    return lines


def write_report(tables, seg, pairs, e2e, names, floors, splits, served, dict_figures, calib):
    lines = [
        "# Quality",
        "",
        "Generated by `python3 scripts/quality.py` from the dev sets in `../shared/corpora`;",
        "do not edit by hand. CI runs `python3 scripts/quality.py --check`, which fails when a",
        "figure falls below its floor in `docs/quality-floors.tsv`.",
        "",
        "Alignment scores follow the Text+Berg definitions: precision over test links with a",
        "non-empty side, recall over gold links with both sides non-empty; *strict* counts",
        "identical links, *lax* links that overlap the gold on both sides. Input is",
        "presegmented (`mizan align --presegmented`); each set is aligned in one run, so",
        "the lexicon is learned from all of its documents (but see the single-pair section",
        "below). The lexicon pass also weighs",
        "how the sentence counts inside the lines of a link compare with its line counts",
        "(see `cost::sentences`), which only matters where lines hold several sentences.",
        "The lexical score aligns words within a link with a diagonal prior (fast_align's),",
        "so that each sentence of a merged link is scored against the part of the other side",
        "it faces (see `lexicon::DocScorer`); a 2-2 link is also scored with its two target",
        "sentences swapped, so that two sentences translated in the other order make one link.",
        "",
    ]
    for label, extra, rows in tables:
        flags = f" (`{' '.join(extra)}`)" if extra else ""
        lines += [f"## Sentence alignment: {label}{flags}", "",
                  "| set | strict P | strict R | strict F1 | lax P | lax R | lax F1 |",
                  "|---|---|---|---|---|---|---|"]
        for name, s in rows:
            st, lx = s["strict"], s["lax"]
            lines.append(f"| {name} | {st['precision']:.4f} | {st['recall']:.4f} | {st['f1']:.4f} "
                         f"| {lx['precision']:.4f} | {lx['recall']:.4f} | {lx['f1']:.4f} |")
        lines.append("")
    lines += dictionary_section(tables, served, dict_figures)
    if splits:
        lines += ["## Gold 2-2 links", "",
                  "Since 2026-12-01 a 2-2 link of the ntrex-dev align gold is two sentences whose",
                  "translations come in swapped order, so only the whole 2-2 link is a correct unit.",
                  "The table counts those the default alignment finds exactly, and how it covers",
                  "the others (the shapes of the test links that overlap each).", "",
                  "| set | gold 2-2 links | found | covered otherwise | strict F1 |",
                  "|---|---|---|---|---|"]
        for name, x in splits.items():
            other = ", ".join(f"{k} ({v})" for k, v in sorted(x["other"].items())) or "none"
            lines.append(f"| {name} | {x['gold_22']} | {x['found']} | {other} | {x['f1']:.4f} |")
        lines.append("")
    if calib:
        lines += calibration_section(calib)
    lines += ["## Sentence segmentation (ntrex-dev articles)", "",
              "Boundary precision, recall and F1 against the sentence lines of",
              "`articles/gold.ar-en.tsv` (ar, en) and `articles/gold.ar-ru.tsv` (ru).", "",
              "| language | precision | recall | F1 | gold boundaries |", "|---|---|---|---|---|"]
    for lang, s in seg.items():
        lines.append(f"| {lang} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | {s['gold_boundaries']} |")
    lines += ["",
              "The Russian gold rows are translation units lined up with the English sentences, and",
              "54 of them hold two Russian sentences; most of the Russian false positives are real",
              "sentence ends inside such rows, so Russian precision here understates the segmenter.",
              "", "## Names across scripts", "",
              "Name matching (consonant skeletons in one class alphabet, compared with normalised",
              "Levenshtein) on a sample labelled by hand from the ntrex-dev articles",
              "(`tests/data/names/dev_pairs.tsv`: an Arabic word and a capitalised English or",
              "Russian word from gold-linked sentences; half drawn from pairs an early matcher",
              "matched, half from pairs it did not).", "",
              "| pairs | precision | false-match rate | recall |", "|---|---|---|---|",
              f"| {names['pairs']} | {names['precision']:.4f} | {names['false_match_rate']:.4f} | {names['recall']:.4f} |",
              "", "## Document pairing", "",
              "`mizan pair ar/ en/` (and `ru/`) on `ntrex-dev/pairing` and `pairing-hard` (where every",
              "story of 8 or more sentences is cut into two articles that compete for the counterpart),",
              "against the gold pairs: precision over pairs output, recall over gold pairs.", "",
              "| set | precision | recall | pairs output | gold pairs |", "|---|---|---|---|---|"]
    for name, s in pairs.items():
        lines.append(f"| {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['pairs']} | {s['gold']} |")
    lines += ["", "## End to end", "",
              "`mizan build ntrex-dev/articles` (pairing, segmentation, alignment with the learned lexicon), then each",
              "translation unit of the TSV output against `articles/gold.ar-*.tsv`: a unit is correct",
              "when its Arabic side is one gold sentence or a run of consecutive ones and its other",
              "side is exactly their gold counterparts. Unit precision is over all units written;",
              "pair recall counts the gold sentence pairs inside correct units.", "",
              "| pair | unit precision | pair recall | units | gold pairs |", "|---|---|---|---|---|"]
    for name, s in e2e.items():
        lines.append(f"| {name} | {s['precision']:.4f} | {s['recall']:.4f} | {s['units']} | {s['gold']} |")
    lines += ["", "## Floors", "", "Each figure must stay at or above its floor; figures named `.../ece` must stay",
              "at or below it (a ceiling).", "", "| figure | floor |", "|---|---|"]
    for name, floor in sorted(floors.items()):
        lines.append(f"| `{name}` | {floor:.4f} |")
    lines.append("")
    REPORT.write_text("\n".join(lines), encoding="utf-8")


def needs_dict(figure):
    """Whether a figure is measured only where dictionaries are installed."""
    head = figure.split("/")[0]
    return head in DICT_CONFIGS or head in ("coverage", "pivot")


def pivot_sample(served):
    """Precision of the Arabic-Russian lexicon composed through English on
    the labelled sample in tests/data/pivot/dev_sample.tsv."""
    if "ar-ru" not in served:
        return None
    out = run(["cargo", "run", "--release", "--quiet", "--manifest-path", ROOT / "Cargo.toml",
               "--example", "pivot_sample", "--", ROOT / "tests" / "data" / "pivot" / "dev_sample.tsv"],
              SYSTEM_ENV)
    return json.loads(out)


def read_floors():
    floors = {}
    if FLOORS.exists():
        for n, line in enumerate(FLOORS.read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                name, value = line.split("\t")
                floors[name] = float(value)
            except ValueError:
                sys.exit(f"{FLOORS}:{n}: expected 'figure<TAB>floor'")
    return floors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail when a figure is below its floor")
    ap.add_argument("--no-write", action="store_true", help="do not rewrite docs/QUALITY.md")
    ap.add_argument("--mizan", help="the mizan binary (default: build target/release/mizan)")
    ap.add_argument("--only", help="measure only this configuration (for tuning; implies --no-write)")
    args = ap.parse_args()
    if not NTREX.is_dir() or not TEXTBERG.is_dir():
        sys.exit(f"quality: the dev sets are missing; expected them under {SHARED}")
    mizan = args.mizan
    if mizan is None:
        run(["cargo", "build", "--release", "--quiet", "--manifest-path", ROOT / "Cargo.toml"])
        mizan = str(ROOT / "target" / "release" / "mizan")
    floors = read_floors()
    configs = [c for c in CONFIGS if args.only in (None, c[0])]
    if args.only and not configs:
        sys.exit(f"quality: no configuration {args.only}")
    if args.only:
        args.no_write = True
    served = served_pairs(mizan)
    figures, tables, seg, pairs, e2e, names, splits, calib = measure(mizan, configs, served)
    dict_figures = {}
    if not args.only or args.only in DICT_CONFIGS:
        dict_figures = {"coverage": coverage(served), "pivot": pivot_sample(served)}
    for pair, c in dict_figures.get("coverage", {}).items():
        figures[f"coverage/{pair}/src_after"] = c["src"]["after"]
        figures[f"coverage/{pair}/tgt_after"] = c["tgt"]["after"]
    if dict_figures.get("pivot"):
        figures["pivot/precision"] = dict_figures["pivot"]["precision"]
    if not args.no_write:
        write_report(tables, seg, pairs, e2e, names, floors, splits, served, dict_figures, calib)
    failed = False
    for name, value in sorted(figures.items()):
        floor = floors.get(name)
        mark = ""
        if floor is not None and below(name, value, floor):
            mark = f"  {'ABOVE CEILING' if is_ceiling(name) else 'BELOW FLOOR'} {floor:.4f}"
            failed = True
        print(f"{name}\t{value:.4f}{mark}")
    missing = sorted(set(floors) - set(figures))
    # Figures that need a dictionary this machine does not have are not
    # failures: the run without dictionaries checks the rest.
    no_dict = [n for n in missing if needs_dict(n)]
    missing = [n for n in missing if n not in no_dict]
    for name in no_dict:
        print(f"{name}\tnot measured: no dictionary for it here (floor {floors[name]:.4f})")
    for name in missing:
        print(f"{name}\tnot measured (floor {floors[name]:.4f})")
    if args.check and (failed or missing):
        sys.exit("quality: figures below their floors (see above)")
    if args.check:
        print(f"quality: all {len(floors) - len(no_dict)} floors measured hold"
              + (f" ({len(no_dict)} need dictionaries not installed here)" if no_dict else ""))


if __name__ == "__main__":
    main()
