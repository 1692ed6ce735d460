//! Load and parse: the files of `content/`, their front matter, Markdown and YAML
//! data documents. Nothing here knows about URLs or HTML templates.

pub mod blocks;
pub mod charref;
pub mod comment;
pub mod data;
pub mod frontmatter;
pub mod markdown;
pub mod meeting;
pub mod paper;
pub mod personal;
pub mod report;
mod schemas;
pub mod slug;
pub mod source;

pub use source::{Source, SourceKind};
