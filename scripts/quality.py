#!/usr/bin/env python3
"""Measure mizan's quality on the dev sets in ../shared/corpora.

Writes docs/QUALITY.md (by default) and, with --check, fails when a figure
is below its floor in docs/quality-floors.tsv. CI runs it with --check.

Usage: python3 scripts/quality.py [--check] [--no-write] [--mizan PATH]
"""

import argparse
import concurrent.futures
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from quality_sets import (  # noqa: E402  (re-exported for fit-confidence.py)
    ALIGN_SETS, CONFIGS, DICT_CONFIGS, FLOORS, NO_DICT_ENV, NTREX, ROOT, SHARED, SYSTEM_ENV, TEXTBERG,
)
from quality_report import below, is_ceiling, write_report  # noqa: E402


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


# Where another article's lines are spliced into each target, and what
# share of the new target they make (scripts/spliced_sets.py).
SPLICES = [("head", 0.3), ("middle", 0.3), ("tail", 0.3)]


def spliced(mizan, tmp):
    """Strict F1 of the default, over each set and as each pair alone,
    on the align/ sets with another article's lines spliced into every
    target (see SPLICES)."""
    from spliced_sets import splice_set
    out = {}
    for name, folder in ALIGN_SETS:
        if "align" not in name:
            continue
        for where, frac in SPLICES:
            made = tmp / "spliced" / f"{key(name)}-{where}"
            splice_set(folder, made / "set", frac, where)
            corpus = align_set(mizan, name, made / "set", [], made / "corpus")
            alone = align_single(mizan, made / "set", [], made / "alone", NO_DICT_ENV)
            out[(name, where, frac)] = (corpus["strict"]["f1"], alone["strict"]["f1"])
    return out


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
        splice = spliced(mizan, tmp) if any(c[0] == "default" for c in configs) else {}
    for (name, where, frac), (corpus, alone) in splice.items():
        figures[f"spliced/{key(name)}_{where}_{frac}/strict_f1"] = corpus
        figures[f"spliced-single/{key(name)}_{where}_{frac}/strict_f1"] = alone
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
    return figures, tables, seg, pairs, e2e, names, splits, calib, splice


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
    figures, tables, seg, pairs, e2e, names, splits, calib, splice = measure(mizan, configs, served)
    dict_figures = {}
    if not args.only or args.only in DICT_CONFIGS:
        dict_figures = {"coverage": coverage(served), "pivot": pivot_sample(served)}
    for pair, c in dict_figures.get("coverage", {}).items():
        figures[f"coverage/{pair}/src_after"] = c["src"]["after"]
        figures[f"coverage/{pair}/tgt_after"] = c["tgt"]["after"]
    if dict_figures.get("pivot"):
        figures["pivot/precision"] = dict_figures["pivot"]["precision"]
    if not args.no_write:
        write_report(tables, seg, pairs, e2e, names, floors, splits, served, dict_figures, calib, splice)
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
