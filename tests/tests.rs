//! The one integration-test binary: every test runs the real `mizan`
//! binary in a temporary folder of its own.

mod cli;
mod derail;
mod dicts;
mod forms;
mod hostile;
mod inputs;
mod regression;
mod util;
