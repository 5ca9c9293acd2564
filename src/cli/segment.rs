//! `mizan segment`: one document's sentences, one a line.

use super::args::SegmentArgs;
use super::config::read_options;
use super::load::{load, LoadOptions, Splitters};
use super::output::{check_writable, refuse_input_as_output, Sink};
use super::Outcome;
use anyhow::Result;
use mizan::Lang;
use std::io::Write;

pub fn segment(args: SegmentArgs) -> Result<Outcome> {
    let lang = args.lang.as_deref().map(Lang::parse).transpose()?;
    let read = read_options(args.read.encoding.as_deref())?;
    let mut splitters = Splitters::new(args.srx.as_deref());
    let opts = LoadOptions {
        read: &read,
        verbose: args.read.verbose,
        lang_flag: "--lang",
    };
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    refuse_input_as_output(
        output,
        [args.file.as_path()].into_iter().chain(args.srx.as_deref()),
    )?;
    if let Some(out) = output {
        check_writable(out)?;
    }
    let doc = load(&args.file, lang.as_ref(), Some(&mut splitters), &opts)?;
    let mut sink = Sink::open(output)?;
    for s in &doc.sentences {
        writeln!(sink, "{s}")?;
    }
    sink.commit()?;
    Ok(Outcome::Complete)
}
