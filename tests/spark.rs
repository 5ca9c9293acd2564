//! Issue 14: the Apache Spark example (examples/spark) in local mode.

use crate::util::{root, run_ok, shared, skip_unless_ci, Workdir};
use std::io::Write;
use std::process::{Command, Stdio};

/// A Python that imports pyspark (`MIZAN_PYSPARK_PYTHON`, else
/// `python3`) and a Java to run Spark on; where CI sets MIZAN_CI both
/// must be there, so that the test cannot pass by skipping.
fn spark_python() -> Option<String> {
    let python = std::env::var("MIZAN_PYSPARK_PYTHON").unwrap_or_else(|_| "python3".into());
    let works = |cmd: &mut Command| cmd.output().is_ok_and(|o| o.status.success());
    let missing = if !works(Command::new(&python).args(["-c", "import pyspark"])) {
        format!("no pyspark for {python} (pip install pyspark, or set MIZAN_PYSPARK_PYTHON)")
    } else if !works(Command::new("java").arg("-version")) {
        "no java (apt-get install -y openjdk-17-jre-headless)".to_string()
    } else {
        return Some(python);
    };
    skip_unless_ci(&missing);
    None
}

#[test]
fn issue14_spark_local_mode_equals_one_pairing_and_one_stream() {
    let Some(python) = spark_python() else {
        return;
    };
    let wd = Workdir::new();
    let mizan = env!("CARGO_BIN_EXE_mizan");
    // The ntrex-dev articles, Arabic and English, with made-up dates.
    let out = Command::new("python3")
        .arg(root().join("examples/spark/make_corpus.py"))
        .arg(shared("corpora/ntrex-dev/articles"))
        .arg(wd.path("corpus.jsonl"))
        .arg("en")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&python)
        .arg(root().join("examples/spark/mizan_spark.py"))
        .args([
            "corpus.jsonl",
            "spark",
            "--shards",
            "3",
            "--date-block",
            "3",
        ])
        .args(["--master", "local[2]", "--mizan", mizan])
        .current_dir(wd.path(""))
        .env("MIZAN_DICT_PATH", "")
        .env("SOURCE_DATE_EPOCH", "1795910400")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("ar-en: 63 pairs"), "{err}");

    // One `mizan build` finds the same pairs as the sharded pairing.
    run_ok(wd.mizan().args([
        "build",
        "corpus.jsonl",
        "-o",
        "one",
        "-q",
        "--date-block",
        "3",
    ]));
    let built = std::fs::read_to_string(wd.path("one/pairs.tsv")).unwrap();
    let spark_pairs = std::fs::read_to_string(wd.path("spark/pairs-ar-en.tsv")).unwrap();
    assert_eq!(spark_pairs, built.replace("\ten/", "\t"));

    // And one `align --jsonl` process over those pairs, in corpus order,
    // gives the memory Spark's workers gave, byte for byte.
    let corpus = std::fs::read_to_string(wd.path("corpus.jsonl")).unwrap();
    let articles: Vec<serde_json::Value> = corpus
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let text = |id: &str| -> String {
        let a = articles.iter().find(|a| a["id"] == id).unwrap();
        a["text"].as_str().unwrap().to_string()
    };
    let mut records = String::new();
    for a in &articles {
        let id = a["id"].as_str().unwrap();
        let Some(other) = spark_pairs
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{id}\t")))
        else {
            continue;
        };
        let other = other.split('\t').next().unwrap();
        let record = serde_json::json!({
            "id": id.strip_suffix(".ar").unwrap(),
            "src_lang": "ar",
            "tgt_lang": "en",
            "src": text(id),
            "tgt": text(other),
        });
        records.push_str(&record.to_string());
        records.push('\n');
    }
    assert_eq!(records.lines().count(), 63);
    let mut child = wd
        .mizan()
        .args(["align", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(records.as_bytes()));
    let one = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(one.status.success());
    wd.write("one.jsonl", &one.stdout);
    run_ok(wd.mizan().args(["collect", "one.jsonl", "-o", "one.tmx"]));
    let want = std::fs::read_to_string(wd.path("one.tmx")).unwrap();
    let got = std::fs::read_to_string(wd.path("spark/ar-en.tmx")).unwrap();
    assert!(got.matches("<tu ").count() > 900);
    assert!(want == got, "Spark's memory differs from one stream's");
}
