//! Reading a theme: its templates (the site's own `templates/` replacing them file
//! by file) and static files, within the site's bounds, compiled with Tera.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;

use super::errors::diagnostics;
use super::{DEFAULT_STATIC, DEFAULT_TEMPLATES, Origin};
use crate::config::{CONFIG_FILE, SiteConfig};
use crate::content::source::rel_to;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Bytes;
use crate::walk::Bounds;

/// The theme's templates (the site's own `templates/` replacing them file by file)
/// and static files; `None` if there is no such theme.
pub(super) type Templates = BTreeMap<String, Origin>;

pub(super) fn read_theme(
    root: &Path,
    config: &SiteConfig,
    bounds: &Bounds,
    diags: &mut Diagnostics,
) -> Option<(Templates, Vec<(String, Bytes)>)> {
    let mut files: Templates = BTreeMap::new();
    let mut static_files = Vec::new();
    let mut bad_utf8 = Vec::new();
    let name = config.theme.as_deref().unwrap_or("default");
    let theme_dir = root.join("themes").join(name);
    // Templates from a folder: a file that is not UTF-8 is reported, not loaded.
    let mut read_templates =
        |dir: &Path, diags: &mut Diagnostics, files: &mut BTreeMap<String, Origin>| {
            read_tree(
                root,
                bounds,
                dir,
                diags,
                |rel, path, bytes| match String::from_utf8(bytes) {
                    Ok(text) => {
                        files.insert(rel, Origin { path, text });
                    }
                    Err(_) => bad_utf8.push(path),
                },
            );
        };
    if theme_dir.join("templates").is_dir() {
        read_templates(&theme_dir.join("templates"), diags, &mut files);
        read_tree(
            root,
            bounds,
            &theme_dir.join("static"),
            diags,
            |rel, _, bytes| static_files.push((rel, bytes.into())),
        );
    } else if name == "default" {
        for (rel, bytes) in DEFAULT_TEMPLATES {
            files.insert(
                rel.to_string(),
                Origin {
                    path: format!("<default theme>/templates/{rel}"),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                },
            );
        }
        static_files.extend(
            DEFAULT_STATIC
                .iter()
                .map(|(n, b)| (n.to_string(), Bytes::from(*b))),
        );
    } else {
        let text = &config.text;
        let (line, col) = crate::yaml::top_value_pos(text, "theme").unwrap_or((1, 1));
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("there is no theme `{name}`: expected its templates in themes/{name}/templates/ (or remove `theme:` to use the default theme)"),
            )
            .at_line_col(text, line, col),
        );
        return None;
    }

    // The site's own templates replace the theme's, file by file.
    read_templates(&root.join("templates"), diags, &mut files);
    for path in bad_utf8 {
        diags.push(Diagnostic::error(
            path,
            "is not UTF-8 text: save it as UTF-8",
        ));
    }

    Some((files, static_files))
}

/// The templates compiled. One with a syntax error is reported and replaced by an
/// empty one, so that the others still load and report their own errors.
pub(super) fn compile(files: &Templates, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = None;
    let mut texts: BTreeMap<String, String> = files
        .iter()
        .map(|(k, o)| (k.clone(), o.text.clone()))
        .collect();
    for _ in 0..=files.len() {
        let mut attempt = Tera::new();
        attempt.autoescape_on([".html", ".htm", ".xml"]);
        // Before the templates, as Tera asks: `range` counted, so a runaway stops.
        attempt.register_function("range", crate::render::limits::range);
        match attempt.add_raw_templates(texts.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
            Ok(()) => {
                tera = Some(attempt);
                break;
            }
            Err(e) => {
                let mut progressed = false;
                for (d, culprit) in diagnostics(&e, files, None) {
                    diags.push(d);
                    if let Some(name) = culprit
                        && texts.get(&name).is_some_and(|t| !t.is_empty())
                    {
                        texts.insert(name, String::new());
                        progressed = true;
                    }
                }
                if !progressed {
                    break;
                }
            }
        }
    }
    tera
}

/// Reads every file under `dir` (if it exists), calling `each(rel_to_dir, rel_to_root, bytes)`.
/// Links are followed only inside the site's bounds (see [`crate::walk`]).
pub(super) fn read_tree(
    root: &Path,
    bounds: &Bounds,
    dir: &Path,
    diags: &mut Diagnostics,
    mut each: impl FnMut(String, String, Vec<u8>),
) {
    if !dir.is_dir() {
        return;
    }
    let (files, problems) = crate::walk::files(dir, bounds, crate::walk::is_scratch_file);
    for p in problems {
        diags.push(Diagnostic::error(rel_to(root, &p.path), p.message));
    }
    for file in files {
        match std::fs::read(&file.path) {
            Ok(bytes) => each(rel_to(dir, &file.path), rel_to(root, &file.path), bytes),
            Err(e) => diags.push(Diagnostic::error(
                rel_to(root, &file.path),
                format!("cannot be read: {e}"),
            )),
        }
    }
}
