//! mizan builds translation memories from news articles: it segments
//! articles into sentences, aligns the sentences of an article with those of
//! its translation, and writes TMX and other formats.
#![deny(missing_docs)]

pub mod align;
pub mod aligner;
pub mod anchors;
pub mod build;
pub mod confidence;
pub mod corpus;
pub mod cost;
pub mod error;
pub mod eval;
pub mod input;
pub mod lang;
pub mod lexicon;
pub mod normalize;
pub mod pair;
pub mod review;
pub mod rng;
pub mod segment;
pub mod segment_eval;
pub mod srx;
pub mod stream;
pub mod tmx;
pub mod tokenize;
pub mod write;

pub use error::{Error, ErrorKind, Result};
pub use lang::Lang;
