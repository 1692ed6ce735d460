//! safeguard: a static site generator for safeguarding training and assurance
//! reports. See ARCHITECTURE.md for the map.

pub mod assurance;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod digest;
pub mod figures;
pub mod gate;
pub mod kinds;
pub mod organisations;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod provenance;
pub mod render;
pub mod reports;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod stamp;
pub mod validate;
pub mod walk;
pub mod yaml;
