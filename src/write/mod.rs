//! Writers for aligned documents. Every writer is generic over
//! `io::Write`, so tests write into a `Vec<u8>`.

use crate::align::Bead;

/// One aligned document, as the writers see it.
#[derive(Debug, Clone, Copy)]
pub struct DocAlignment<'a> {
    /// The document's name (file stem), written into TMX props and CSV rows.
    pub name: &'a str,
    /// Source sentences, exactly as they appeared in the input.
    pub src: &'a [String],
    /// Target sentences, exactly as they appeared in the input.
    pub tgt: &'a [String],
    /// The beads, in order, covering every sentence of both sides once.
    pub beads: &'a [Bead],
}
