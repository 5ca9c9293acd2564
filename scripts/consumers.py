#!/usr/bin/env python3
"""Reads TMX files with translate-toolkit and hypomnema (whichever of the
two this Python has) and checks that every unit reads with the same text
as mizan reads it (`mizan tmx convert -f jsonl`), language by language.

    scripts/consumers.py MIZAN FILE.tmx...

Exit status 1 on any difference; a library that is not installed is
reported as skipped (scripts/consumers-check installs them).
"""

import json
import subprocess
import sys

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def mizan_units(mizan, path):
    """Per target language, the (source, target) texts mizan reads."""
    stats = json.loads(
        subprocess.run(
            [mizan, "tmx", "stats", "--json", path],
            check=True,
            capture_output=True,
        ).stdout
    )
    src = stats["source_lang"]
    out = {}
    for lang in stats["languages"]:
        if lang.lower() == src.lower():
            continue
        rows = subprocess.run(
            [mizan, "tmx", "convert", path, "-f", "jsonl", "--tgt-lang", lang],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        out[lang] = [
            (r["source"], r["target"]) for r in map(json.loads, rows.splitlines())
        ]
    return src, stats["units"], out


def pairs(units, src, lang):
    """(source, target) texts of units given as lists of (lang, text)."""
    out = []
    for variants in units:
        d = {l.lower(): t for l, t in variants}
        if src.lower() in d and lang.lower() in d:
            out.append((d[src.lower()], d[lang.lower()]))
    return out


def read_ttk(path):
    from translate.storage.tmx import tmxfile

    store = tmxfile.parsefile(path)
    return [
        [(n.get(XML_LANG), u.getNodeText(n)) for n in u.getlanguageNodes()]
        for u in store.units
    ]


def read_hypomnema(path):
    import hypomnema

    backend = hypomnema.StandardBackend()
    tmx = hypomnema.Deserializer(backend).deserialize(backend.parse(path))
    return [
        [
            (v.lang, "".join(c for c in v.content if isinstance(c, str)))
            for v in tu.variants
        ]
        for tu in tmx.body
    ]


def main():
    mizan, files = sys.argv[1], sys.argv[2:]
    readers = []
    for name, module, reader in [
        ("translate-toolkit", "translate.storage.tmx", read_ttk),
        ("hypomnema", "hypomnema", read_hypomnema),
    ]:
        try:
            __import__(module)
            readers.append((name, reader))
        except ImportError:
            print(f"consumers: {name} is not installed here; skipped")
    failed = False
    for path in files:
        src, n, want = mizan_units(mizan, path)
        for name, reader in readers:
            units = reader(path)
            problems = []
            if len(units) != n:
                problems.append(f"{len(units)} units, mizan reads {n}")
            for lang, expected in want.items():
                got = pairs(units, src, lang)
                if got != expected:
                    bad = sum(a != b for a, b in zip(got, expected))
                    problems.append(
                        f"{lang}: {bad} units differ ({len(got)} read, {len(expected)} expected)"
                    )
            if problems:
                failed = True
                print(f"consumers: FAIL {name} {path}: {'; '.join(problems)}")
            else:
                print(
                    f"consumers: ok {name} {path}: {n} units, languages {src} + {', '.join(want)}"
                )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
