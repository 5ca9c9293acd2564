//! Sentence alignment: bead shapes as data, a banded dynamic programme over
//! a pluggable cost, and the traceback kept apart.

pub mod bead;

pub use bead::Bead;
