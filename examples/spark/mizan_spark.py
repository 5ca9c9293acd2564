#!/usr/bin/env python3
"""Translation memories from a JSONL corpus of news articles, with mizan as
the worker of an Apache Spark job.

    python3 mizan_spark.py CORPUS.jsonl OUT_DIR [--shards N] [--date-block DAYS]
        [--master local[2]] [--mizan PATH] [--lexicon FILE] [--partitions P]

CORPUS.jsonl holds one article a line, as `mizan build` reads it:
{"id": .., "lang": .., "date": "YYYY-MM-DD", "title"?: .., "text": ..}
(Arabic articles and their counterparts in one or more other languages;
"html" articles are not handled here). On a cluster, give a path every
executor can read (a shared file system); Spark ships it with addFile.

The job runs in two stages, each a pool of mizan processes:

1. Pairing, sharded: N tasks run `mizan build CORPUS --shard K/N
   --date-block DAYS`, each scoring the candidates of its share of the
   Arabic articles (compared only with counterparts published within DAYS
   of them); the driver merges the N edges files of each language with
   `mizan pair-merge`: exactly the pairs one `mizan build` run finds.
2. Alignment: the pairs are joined with the articles' texts, sorted by
   the Arabic article's place in the corpus, and piped through
   `mizan align --jsonl` with RDD.pipe, one worker process per partition;
   the results (one JSON line a pair, in order) are saved as text files
   and the driver turns them into OUT_DIR/ar-LANG.tmx with `mizan collect`.

Each pair is aligned on its own, as `mizan align` aligns it; give
--lexicon (a lexicon learned in a first pass, `mizan build SAMPLE
--lexicon-out`) to add corpus-wide lexical evidence. OUT_DIR also gets
pairs-ar-LANG.tsv (the pairs, as `mizan pair` writes them) and
unpaired-ar-LANG.tsv.

The shards' edges files travel to the driver through collect(): about
40 bytes a candidate, 10 candidates an Arabic article, so 400 MB for a
million articles; past that, have the tasks write them to shared storage
instead. Each pairing task reads the whole corpus (the anchor weights are
counted over all of it; see docs/SCALING.md).

The executors run mizan with only PATH, HOME, MIZAN_DICT_PATH and
SOURCE_DATE_EPOCH from the driver's environment (RDD.pipe starts its
command with an empty one otherwise).
"""

import argparse
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

PASSED_ENV = ("PATH", "HOME", "MIZAN_DICT_PATH", "SOURCE_DATE_EPOCH")


def worker_env():
    return {k: os.environ[k] for k in PASSED_ENV if k in os.environ}


def doc_name(article_id):
    """The document name `mizan build` gives an Arabic article: its id
    without the last extension (Rust's Path::file_stem)."""
    base = article_id.rsplit("/", 1)[-1]
    if base.startswith(".") and base.count(".") == 1:
        return base
    stem, dot, _ = base.rpartition(".")
    return stem if dot and stem else base


def article_text(rec):
    """The text `mizan build` reads from a JSONL article: the title, if
    any, as a first paragraph."""
    text = rec["text"]
    title = (rec.get("title") or "").strip()
    return f"{title}\n{text}" if title else text


def run_shard(k, n, corpus, mizan, date_block):
    """Task of stage 1: one shard's edges files, as (shard, lang, text)."""
    out = tempfile.mkdtemp(prefix=f"mizan-shard-{k}-")
    try:
        cmd = [mizan, "build", corpus, "-o", out, "-q", "--shard", f"{k}/{n}"]
        if date_block is not None:
            cmd += ["--date-block", str(date_block)]
        done = subprocess.run(cmd, env=worker_env(), capture_output=True, text=True)
        # 3: finished, with files skipped (named on standard error).
        if done.returncode not in (0, 3):
            raise RuntimeError(f"shard {k}/{n} failed: {done.stderr}")
        found = []
        for path in sorted(glob.glob(os.path.join(out, "ar-*.edges"))):
            lang = os.path.basename(path)[3:-len(".edges")]
            with open(path, encoding="utf-8") as f:
                found.append((k, lang, f.read()))
        return found
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("out_dir")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--date-block", type=int, default=None)
    ap.add_argument("--master", default=None, help="e.g. local[2]; spark-submit's by default")
    ap.add_argument("--mizan", default=os.environ.get("MIZAN", "mizan"))
    ap.add_argument("--lexicon", default=None)
    ap.add_argument("--partitions", type=int, default=2)
    args = ap.parse_args()

    # Executors run the same Python as the driver (a virtual environment
    # holding pyspark, for instance).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("mizan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    mizan = shutil.which(args.mizan) or args.mizan
    corpus = os.path.abspath(args.corpus)
    os.makedirs(args.out_dir, exist_ok=True)

    # Stage 1: sharded pairing, merged on the driver.
    sc.addFile(corpus)
    name = os.path.basename(corpus)
    n, block = args.shards, args.date_block
    edges = (
        sc.parallelize(range(1, n + 1), n)
        .flatMap(lambda k: run_shard(k, n, SparkFiles.get(name), mizan, block))
        .collect()
    )
    langs = sorted({lang for _, lang, _ in edges})
    edges_dir = os.path.join(args.out_dir, "edges")
    pairs = {}
    for lang in langs:
        files = []
        for k, lg, text in edges:
            if lg != lang:
                continue
            path = os.path.join(edges_dir, f"shard-{k}", f"ar-{lang}.edges")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            files.append(path)
        pairs_file = os.path.join(args.out_dir, f"pairs-ar-{lang}.tsv")
        cmd = [mizan, "pair-merge", *files, "-o", pairs_file]
        cmd += ["--unpaired", os.path.join(args.out_dir, f"unpaired-ar-{lang}.tsv")]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode not in (0, 3):
            sys.exit(f"mizan pair-merge failed for ar-{lang}: {done.stderr}")
        with open(pairs_file, encoding="utf-8") as f:
            pairs[lang] = [tuple(line.split("\t")[:2]) for line in f if line.strip()]

    # Stage 2: the paired articles' texts, in corpus order, through
    # `mizan align --jsonl` workers.
    articles = (
        sc.textFile(corpus)
        .zipWithIndex()
        .filter(lambda x: x[0].strip())
        .map(lambda x: (json.loads(x[0]), x[1]))
        .map(lambda x: (x[0]["id"], (x[1], x[0])))
    )
    align = [mizan, "align", "--jsonl"]
    if args.lexicon:
        sc.addFile(os.path.abspath(args.lexicon))
        align += ["--lexicon", os.path.abspath(args.lexicon)]
    # Exit code 3 says some record failed; its result line says why, and
    # `mizan collect` reports it. Anything else fails the task.
    command = shlex.join(
        ["sh", "-c", '"$@"; c=$?; [ "$c" -eq 0 ] || [ "$c" -eq 3 ]', "sh", *align]
    )
    for lang in langs:
        if not pairs[lang]:
            print(f"mizan_spark: ar-{lang}: no pairs", file=sys.stderr)
            continue
        records = (
            sc.parallelize(pairs[lang])
            .join(articles)
            .map(lambda x: (x[1][0], (x[0], x[1][1])))
            .join(articles)
            .map(
                lambda x, lang=lang: (
                    x[1][0][1][0],
                    json.dumps(
                        {
                            "id": doc_name(x[1][0][0]),
                            "src_lang": "ar",
                            "tgt_lang": lang,
                            "src": article_text(x[1][0][1][1]),
                            "tgt": article_text(x[1][1][1]),
                        },
                        ensure_ascii=False,
                    ),
                )
            )
            .sortByKey(numPartitions=args.partitions)
            .values()
        )
        results_dir = os.path.join(args.out_dir, f"results-ar-{lang}")
        shutil.rmtree(results_dir, ignore_errors=True)
        records.pipe(command, env=worker_env(), checkCode=True).saveAsTextFile(results_dir)
        parts = sorted(glob.glob(os.path.join(results_dir, "part-*")))
        tmx = os.path.join(args.out_dir, f"ar-{lang}.tmx")
        done = subprocess.run([mizan, "collect", *parts, "-o", tmx], capture_output=True, text=True)
        if done.returncode not in (0, 3):
            sys.exit(f"mizan collect failed for ar-{lang}: {done.stderr}")
        sys.stderr.write(done.stderr)
        print(f"mizan_spark: ar-{lang}: {len(pairs[lang])} pairs -> {tmx}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
