"""docs/QUALITY.md from the figures scripts/quality.py measured."""

from quality_sets import ALIGN_SETS, CONFIGS, REPORT, ROOT


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


def write_report(tables, seg, pairs, e2e, names, floors, splits, served, dict_figures, calib, splice):
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
    if splice:
        lines += ["## Another article's lines spliced into each target", "",
                  "A target page often holds more than the translation. Into each target of the",
                  "align sets, the first lines of another document's target (the seventh after it by",
                  "name) are spliced (`scripts/spliced_sets.py`), as a share of the new target, at its",
                  "head, in its middle or at its tail; the gold leaves them without counterpart.",
                  "Strict F1 of the default, no dictionary, over the set and each pair alone:", "",
                  "| set | spliced | share | corpus | alone |", "|---|---|---|---|---|"]
        for (name, where, frac), (corpus, alone) in splice.items():
            lines.append(f"| {name} | {where} | {frac:.0%} | {corpus:.4f} | {alone:.4f} |")
        lines.append("")
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

