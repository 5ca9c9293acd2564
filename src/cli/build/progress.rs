//! The progress bars of `mizan build`, one a stage, drawn on standard
//! error. Kept out of the build itself, which only reports its stages
//! through [`Progress`].

use indicatif::{ProgressBar, ProgressStyle};
use mizan::build::Progress;
use std::io::IsTerminal;
use std::sync::Mutex;

/// Progress bars on standard error, one per stage; none when quiet or
/// when standard error is not a terminal.
pub(super) struct Bars {
    show: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bars {
    pub(super) fn new(quiet: bool) -> Bars {
        Bars {
            show: !quiet && std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &str, steps: usize) {
        if !self.show {
            return;
        }
        let bar = ProgressBar::new(steps as u64);
        if let Ok(style) = ProgressStyle::with_template("{msg:22} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(stage.to_string());
        *self.bar.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
    }

    fn tick(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish();
        }
    }
}
