//! The one integration-test binary: every test runs the real `mizan`
//! binary in a temporary folder of its own.

mod build_options;
mod cli;
mod derail;
mod dicts;
mod forms;
mod hostile;
mod inputs;
mod regression;
mod review;
mod shard;
mod spark;
mod stream;
mod tmx_tools;
mod util;
