//! Issue 14: the JSON-lines stream contract (`align --jsonl`) and
//! `collect`.

use crate::util::{corpus, have_tool, run_ok, Workdir};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn stream(wd: &Workdir, input: &str) -> Output {
    let mut child = wd
        .mizan()
        .args(["align", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let text = input.to_string();
    // Written from another thread, so that a full stdout pipe cannot
    // block the writer.
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn example_records() -> (String, Vec<String>) {
    let mut jsonl = String::new();
    let mut names = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(corpus("ar"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for f in files {
        let src = std::fs::read_to_string(corpus(&format!("ar/{f}"))).unwrap();
        let tgt = std::fs::read_to_string(corpus(&format!("en/{f}"))).unwrap();
        let id = f.trim_end_matches(".txt").to_string();
        jsonl.push_str(&serde_json::json!({"id": id, "src": src, "tgt": tgt}).to_string());
        jsonl.push('\n');
        names.push(f);
    }
    (jsonl, names)
}

#[test]
fn issue14_stream_and_collect_equal_align_pair_by_pair() {
    let wd = Workdir::new();
    let (jsonl, names) = example_records();
    let out = stream(&wd, &jsonl);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wd.write("results.jsonl", &out.stdout);
    run_ok(
        wd.mizan()
            .args(["collect", "results.jsonl", "-f", "tsv", "-o", "c.tsv"]),
    );
    let collected = std::fs::read_to_string(wd.path("c.tsv")).unwrap();
    let mut want = String::new();
    for (k, f) in names.iter().enumerate() {
        let one = run_ok(
            wd.mizan()
                .args(["align", "-f", "tsv"])
                .arg(corpus(&format!("ar/{f}")))
                .arg(corpus(&format!("en/{f}"))),
        );
        let text = String::from_utf8(one.stdout).unwrap();
        // One header for the whole table.
        want.push_str(if k == 0 {
            &text
        } else {
            text.split_once('\n').unwrap().1
        });
    }
    assert_eq!(collected, want);
    // And as TMX, valid for CAT tools.
    run_ok(wd.mizan().args(["collect", "results.jsonl", "-o", "c.tmx"]));
    let tmx = std::fs::read_to_string(wd.path("c.tmx")).unwrap();
    assert_eq!(tmx.matches("<tu ").count(), collected.lines().count() - 1);
}

#[test]
fn issue14_stream_goes_on_after_bad_records_in_order() {
    let wd = Workdir::new();
    let good = |id: usize| {
        serde_json::json!({
            "id": id,
            "src": ["وصل شويغو إلى الدوحة.", "والتقى الأمير في 2019."],
            "tgt": ["Shoigu arrived in Doha.", "He met the Emir in 2019."],
            "presegmented": true,
        })
        .to_string()
    };
    let mut input = String::new();
    let mut kinds = Vec::new();
    for id in 0..300 {
        let line = match id % 7 {
            3 => "{not json".to_string(),
            5 => {
                serde_json::json!({"id": id, "src": "نص", "src_lang": "ar", "tgt": ""}).to_string()
            }
            _ => good(id),
        };
        kinds.push(id % 7);
        input.push_str(&line);
        input.push('\n');
        if id == 10 {
            input.push('\n');
        }
    }
    let out = stream(&wd, &input);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a failed record must show in the exit code"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        300,
        "one result per record, blank lines skipped"
    );
    for (id, (v, kind)) in lines.iter().zip(&kinds).enumerate() {
        match kind {
            3 => {
                assert_eq!(v["id"], serde_json::Value::Null);
                assert_eq!(v["error"]["kind"], "json");
            }
            5 => {
                assert_eq!(v["id"], id);
                assert_eq!(v["error"]["kind"], "empty");
            }
            _ => {
                assert_eq!(v["id"], id, "results in input order");
                assert_eq!(v["links"].as_array().unwrap().len(), 2);
            }
        }
    }
}

#[test]
fn issue14_a_very_long_record() {
    let wd = Workdir::new();
    let src = std::fs::read_to_string(corpus("ar/qatar-russia-military.txt")).unwrap();
    let tgt = std::fs::read_to_string(corpus("en/qatar-russia-military.txt")).unwrap();
    let record = serde_json::json!({
        "id": "long",
        "src_lang": "ar",
        "tgt_lang": "en",
        "src": src.repeat(60),
        "tgt": tgt.repeat(60),
    });
    let out = stream(&wd, &format!("{record}\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = v["src_segments"].as_array().unwrap().len();
    assert!(n > 500, "{n} segments");
    let covered: usize = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["src"].as_array().unwrap().len())
        .sum();
    assert_eq!(covered, n);
}

#[test]
fn issue14_collect_refuses_what_is_not_a_result() {
    let wd = Workdir::new();
    wd.write("x.jsonl", "{\"id\": 1, \"src\": \"a\"}\n");
    let out = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .current_dir(wd.path(""))
        .args(["collect", "x.jsonl", "-o", "x.tmx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("x.jsonl:1"), "{err}");
    assert!(!wd.path("x.tmx").exists());
}

#[test]
fn issue14_gnu_parallel_recipe_equals_one_stream() {
    if !have_tool("parallel", "apt-get install -y parallel") {
        return;
    }
    let wd = Workdir::new();
    let (jsonl, _) = example_records();
    // Five copies under new ids, so that the recipe cuts the stream into
    // several blocks.
    let mut records = String::new();
    for copy in 0..5 {
        for line in jsonl.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["id"] = format!("{}-{copy}", v["id"].as_str().unwrap()).into();
            records.push_str(&v.to_string());
            records.push('\n');
        }
    }
    wd.write("records.jsonl", &records);
    let one = stream(&wd, &records);
    assert!(one.status.success());
    wd.write("one.jsonl", &one.stdout);
    run_ok(wd.mizan().args(["collect", "one.jsonl", "-o", "one.tmx"]));
    let out = Command::new("bash")
        .arg(crate::util::root().join("examples/parallel/align-stream.sh"))
        .args(["records.jsonl", "parallel.tmx", "2"])
        .current_dir(wd.path(""))
        .env("MIZAN", env!("CARGO_BIN_EXE_mizan"))
        .env("MIZAN_BLOCK", "8k")
        .env("MIZAN_DICT_PATH", "")
        .env("SOURCE_DATE_EPOCH", "1795910400")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = std::fs::read_to_string(wd.path("one.tmx")).unwrap();
    let got = std::fs::read_to_string(wd.path("parallel.tmx")).unwrap();
    assert!(want == got, "the recipe's memory differs from one stream's");
    assert_eq!(got.matches("<tu ").count() % 5, 0);
}

#[test]
fn issue14_stream_refuses_options_of_a_single_run() {
    let wd = Workdir::new();
    for opt in [
        &["--srx", "rules.srx"][..],
        &["--src-lang", "ar"],
        &["--min-score", "0.5"],
        &["--lexicon-out", "lex.tsv"],
        &["--presegmented"],
        &["-o", "out.tmx"],
    ] {
        let err = crate::util::run_bad_input(wd.mizan().args(["align", "--jsonl"]).args(opt));
        assert!(err.contains("cannot be used with"), "{opt:?}: {err}");
    }
}
