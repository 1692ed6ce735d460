//! The organisations registry (`kind: organisations`): the bodies that make returns
//! and report figures, with their ids, names and ODS codes, what each replaced, and
//! the partnerships they belong to. Pure: it parses and checks the registry
//! (`registry.rs`) and answers who is who (`directory.rs`); assurance, and later
//! indicators and training, ask it which organisation a row of data names.
//!
//! Invariant: once a registry is checked, every id is unique across organisations and
//! partnerships and short enough to be a folder's name, every predecessor and
//! partnership it names exists (of the right sort) and is named once, and no
//! organisation is its own predecessor however far back the chain is followed, so
//! walks over predecessors and successors always end.

pub mod directory;
pub mod registry;

pub use directory::{Directory, OrgId};
pub use registry::Registry;
