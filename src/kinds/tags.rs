//! Tags: a page per tag listing what has it, and an index of tags.

use crate::render::kind::Kind;

pub struct Tags;

impl Kind for Tags {}
