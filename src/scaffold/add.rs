//! `safeguard add KIND PATH`: one new file of a kind, with every setting present and
//! explained in a comment, that builds as it is.

use std::path::{Component, Path, PathBuf};

#[cfg(test)]
use super::text::COMMENTS_AT;
use super::text::{align, fill, quoted};
pub(super) use super::text::{id, title, yaml_text};
use crate::assurance::framework::{Framework, number};
use crate::content::data::DataDoc;
use crate::reports::ReportKind;

/// The kinds of file `add` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Page,
    Module,
    Paper,
    /// An annual report of a kind, which sets its checklist.
    Report(ReportKind),
    /// One meeting of a board or committee, with its agenda.
    Meeting,
    Framework,
    Audit,
    Organisations,
    Indicators,
    Training,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Page | Kind::Module | Kind::Paper | Kind::Report(_) | Kind::Meeting => "md",
            Kind::Framework
            | Kind::Audit
            | Kind::Organisations
            | Kind::Indicators
            | Kind::Training => "yaml",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Page => "a page",
            Kind::Module => "a training module",
            Kind::Paper => "a committee paper",
            Kind::Report(_) => "an annual report",
            Kind::Meeting => "a meeting and its agenda",
            Kind::Framework => "an audit framework",
            Kind::Audit => "an audit return",
            Kind::Organisations => "the organisations registry",
            Kind::Indicators => "a set of performance indicators",
            Kind::Training => "training compliance figures",
        }
    }
}

/// Why `add` wrote nothing: the command line asked for something it will not do
/// (exit 2), or the site or the disk let it down (exit 1).
pub enum Refused {
    Usage(String),
    Failed(String),
}

/// Writes a new file of `kind` at `path` (relative to `root`, under `content/`).
/// `framework` picks the framework an audit return answers when the site has several.
/// Returns the one line saying what it wrote and what to do next.
pub fn add(
    root: &Path,
    kind: Kind,
    path: &Path,
    framework: Option<&str>,
) -> Result<String, Refused> {
    let rel = content_path(root, path, kind)?;
    let shown = rel.to_string_lossy().replace('\\', "/");
    if !root.join("site.yaml").is_file() {
        return Err(Refused::Usage(format!(
            "{} has no site.yaml: run this in your site's folder, or give it with --root",
            root.display()
        )));
    }
    if !stays_inside(root, &rel) {
        return Err(Refused::Usage(format!(
            "{shown} leads out of the site's content/ folder through a shortcut: give a path inside content/"
        )));
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(other) = same_address(root, &rel, &stem) {
        return Err(Refused::Usage(format!(
            "{other} would be published at the same web address as {shown}: give the new file another name"
        )));
    }
    let csv = super::dataset::beside(root, kind, &rel, &shown)?;
    let data_name = csv
        .as_deref()
        .map(super::dataset::data_name)
        .unwrap_or_default();
    let text = align(&text_of(root, kind, &rel, &stem, framework, &data_name)?);
    super::write_new(&root.join(&rel), &text).map_err(|e| {
        // A link there, even one leading nowhere, is something already there.
        if std::fs::symlink_metadata(root.join(&rel)).is_ok() {
            Refused::Usage(format!("{shown} already exists; nothing was changed"))
        } else {
            Refused::Failed(e)
        }
    })?;
    let wrote = match &csv {
        Some(csv) => super::dataset::write(root, kind, csv, &shown)?,
        None => format!("{shown} ({})", kind.name()),
    };
    let next = next_step(kind);
    Ok(format!(
        "Wrote {wrote}. Next: {next}, then see it with `safeguard serve`."
    ))
}

/// The new file's text, from the kind's template; `Err` where the site already has
/// what it would define, or lacks what it needs.
fn text_of(
    root: &Path,
    kind: Kind,
    rel: &Path,
    stem: &str,
    framework: Option<&str>,
    data_name: &str,
) -> Result<String, Refused> {
    Ok(match kind {
        Kind::Page => fill(include_str!("kinds/page.md"), stem),
        Kind::Module => fill(include_str!("kinds/module.md"), stem),
        Kind::Paper => fill(include_str!("kinds/paper.md"), stem),
        Kind::Meeting => fill(include_str!("kinds/meeting.md"), stem),
        Kind::Report(k) => fill(&super::report::text(k, jiff::Zoned::now().date()), stem),
        Kind::Framework => {
            clashes(root, kind, &id(stem), rel, None)?;
            fill(include_str!("kinds/framework.yaml"), stem)
        }
        Kind::Audit => {
            let fw = pick_framework(root, framework)?;
            let org = super::registry::organisation(root, stem)?;
            clashes(root, kind, &org.0, rel, Some(&fw))?;
            audit(&fw, rel, org)
        }
        Kind::Organisations => {
            super::registry::only_one(root)?;
            fill(include_str!("kinds/organisations.yaml"), stem)
                .replace("{organisations}", &super::registry::organisations(root))
        }
        Kind::Indicators => {
            fill(include_str!("kinds/indicators.yaml"), stem).replace("{data}", data_name)
        }
        Kind::Training => {
            fill(include_str!("kinds/training.yaml"), stem).replace("{data}", data_name)
        }
    })
}

/// What to do next with a new file of `kind`.
fn next_step(kind: Kind) -> &'static str {
    match kind {
        Kind::Audit => "replace each `not_applicable` with the criterion's `grade`",
        Kind::Framework => "write its standards and criteria",
        Kind::Meeting => "list its agenda, naming each paper by its path",
        Kind::Report(_) => {
            "write each section, and add each sign-off and circulation as it happens (the build warns for what is missing)"
        }
        Kind::Organisations => "list the site's organisations and partnerships",
        Kind::Indicators => {
            "define your indicators and replace the illustrative rows of the CSV file with your figures"
        }
        Kind::Training => {
            "name your strands and replace the illustrative rows of the CSV file with your counts"
        }
        _ => "fill in its settings and text",
    }
}

/// `path` as a plain path under `content/`, relative to the site, with the kind's
/// extension added if it has none.
fn content_path(root: &Path, path: &Path, kind: Kind) -> Result<PathBuf, Refused> {
    let outside = || {
        Refused::Usage(format!(
            "{} is not inside the site's content/ folder: give a path such as content/training/02-next-module.{}",
            path.display(),
            kind.extension()
        ))
    };
    // A relative path is the site's (`content/…`), or else the current folder's, as
    // a path completed in a terminal inside the site would be (`training/02-x`).
    let from_site = path
        .components()
        .find(|c| *c != Component::CurDir)
        .is_some_and(|c| c == Component::Normal("content".as_ref()));
    let rel = match path.is_absolute() || !from_site {
        true => {
            let path = std::path::absolute(path).map_err(|_| outside())?;
            let root = std::fs::canonicalize(root).map_err(|_| outside())?;
            path.strip_prefix(&root)
                .map_err(|_| outside())?
                .to_path_buf()
        }
        false => path.to_path_buf(),
    };
    let parts: Vec<Component> = rel
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let plain = parts.iter().all(|c| matches!(c, Component::Normal(_)));
    if !plain || parts.len() < 2 || parts[0] != Component::Normal("content".as_ref()) {
        return Err(outside());
    }
    let mut rel: PathBuf = parts.iter().collect();
    match rel.extension().and_then(|e| e.to_str()) {
        None => {
            rel.set_extension(kind.extension());
        }
        Some(e) if e == kind.extension() || (e == "yml" && kind.extension() == "yaml") => {}
        Some(e) => {
            return Err(Refused::Usage(format!(
                "{} ends in .{e}, but {} is a .{} file: name it so, or leave the ending off",
                path.display(),
                kind.name(),
                kind.extension()
            )));
        }
    }
    for part in rel.iter().skip(1) {
        let name = part.to_string_lossy();
        let stem = Path::new(part)
            .file_stem()
            .map_or(name.clone(), |s| s.to_string_lossy());
        if part.len() > 255 {
            return Err(Refused::Usage(format!(
                "`{}…` is too long a name for a file or folder: give it one of at most 255 letters",
                name.chars().take(30).collect::<String>()
            )));
        }
        if crate::walk::is_scratch(&name) {
            return Err(Refused::Usage(format!(
                "`{name}` starts with . or #, or ends like an editor's spare copy (~, .tmp, .bak, .swp), so the build would leave it out: give it a name that starts with a letter or a digit"
            )));
        }
        if crate::content::slug::url_segment(&stem).is_empty() {
            return Err(Refused::Usage(format!(
                "`{name}` has no letters or digits, so it would have no web address: give it a name with letters in it, such as content/training/02-next-module.{}",
                kind.extension()
            )));
        }
    }
    Ok(rel)
}

/// Whether `rel`, followed through any shortcuts on the way, is still under
/// `content/` (or `content/` is yet to be made), so nothing lands elsewhere.
fn stays_inside(root: &Path, rel: &Path) -> bool {
    let Ok(root_real) = std::fs::canonicalize(root) else {
        return false;
    };
    let content =
        std::fs::canonicalize(root.join("content")).unwrap_or_else(|_| root_real.join("content"));
    let mut at = root.join(rel);
    while !at.exists() {
        if !at.pop() {
            return false;
        }
    }
    std::fs::canonicalize(&at).is_ok_and(|real| real.starts_with(&content) || real == root_real)
}

/// A file or folder beside `rel` that the build would publish at the address `rel`
/// would have (`a b.md` and `a-b.md`, `Training.md` and `training/`), so that the
/// new file does not stop the build.
fn same_address(root: &Path, rel: &Path, stem: &str) -> Option<String> {
    use crate::content::slug::url_segment;
    let parent = rel.parent()?;
    let wanted = url_segment(stem);
    let name = rel.file_name()?;
    std::fs::read_dir(root.join(parent))
        .ok()?
        .flatten()
        .find_map(|entry| {
            let other = entry.file_name();
            let text = other.to_string_lossy();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let other_stem = match text.rsplit_once('.') {
                Some((s, "md" | "yaml" | "yml")) if !is_dir => s,
                _ if is_dir => &text,
                _ => return None,
            };
            let counts = other != name && !crate::walk::is_scratch(&text);
            (counts && url_segment(other_stem) == wanted)
                .then(|| parent.join(&other).to_string_lossy().replace('\\', "/"))
        })
}

/// The framework a new return answers: the one named, or the site's only one.
fn pick_framework(root: &Path, wanted: Option<&str>) -> Result<Framework, Refused> {
    let mut found: Vec<Framework> = documents(root)
        .into_iter()
        .filter_map(|(_, doc)| match doc {
            DataDoc::Framework(fw) => Some(*fw),
            _ => None,
        })
        .collect();
    let ids = || {
        let ids: Vec<&str> = found.iter().map(|f| f.id.value.as_str()).collect();
        ids.join(", ")
    };
    match wanted {
        Some(id) => match found.iter().position(|f| f.id.value == id) {
            Some(i) => Ok(found.swap_remove(i)),
            None if found.is_empty() => Err(no_framework()),
            None => Err(Refused::Usage(format!(
                "no framework has the id `{id}`: the site's frameworks are {}",
                ids()
            ))),
        },
        None => match found.len() {
            0 => Err(no_framework()),
            1 => Ok(found.remove(0)),
            _ => Err(Refused::Usage(format!(
                "the site has several frameworks ({}): say which this return answers with --framework ID",
                ids()
            ))),
        },
    }
}

/// The site's YAML documents that parse, with their paths relative to the site.
pub(super) fn documents(root: &Path) -> Vec<(String, DataDoc)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml || !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if let Ok(doc) = DataDoc::parse(&path.to_string_lossy(), &text) {
            let rel = path.strip_prefix(root).unwrap_or(path);
            found.push((rel.to_string_lossy().replace('\\', "/"), doc));
        }
    }
    found
}

/// Refuses a new framework whose id, or a new return whose organisation and period,
/// another file of the site already has: the build would stop on the pair. `name` is
/// the new framework's id, or the new return's organisation.
fn clashes(
    root: &Path,
    kind: Kind,
    name: &str,
    rel: &Path,
    fw: Option<&Framework>,
) -> Result<(), Refused> {
    let same = super::registry::same_organisation(root);
    for (path, doc) in documents(root) {
        let clash = match (&doc, kind) {
            (DataDoc::Framework(other), Kind::Framework) => other.id.value.trim() == name,
            (DataDoc::Audit(other), Kind::Audit) => fw.is_some_and(|fw| {
                other.framework.value.trim() == fw.id.value.trim()
                    && same(&other.organisation.value, name)
                    && other.period.value.trim() == period_of(rel)
            }),
            _ => false,
        };
        if clash {
            return Err(Refused::Usage(match kind {
                Kind::Framework => format!(
                    "{path} is already a framework with the id `{name}`, and each framework needs its own: give the new file another name"
                ),
                _ => format!(
                    "{path} is already {name}'s {} return, and one organisation makes one return per period: give the new file another name or folder",
                    period_of(rel)
                ),
            }));
        }
    }
    Ok(())
}

/// The period a new return at `rel` is for: its folder's name if that starts with a
/// digit (`audits/2026/…`), else this year.
fn period_of(rel: &Path) -> String {
    rel.parent()
        .and_then(|p| p.file_name())
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_else(|| jiff::Zoned::now().date().year().to_string())
}

fn no_framework() -> Refused {
    Refused::Usage(
        "a return answers a framework, and the site has none that builds: add one first with `safeguard add framework content/audits/NAME.yaml`".to_string(),
    )
}

/// A return listing every criterion of `fw`, each marked not yet assessed, so that it
/// builds at once and no grade is made up.
/// `org` is what it writes as `organisation:`, with the registered name, if any.
fn audit(fw: &Framework, rel: &Path, org: (String, Option<String>)) -> String {
    let period = period_of(rel);
    let grades: Vec<String> = fw
        .scale
        .value
        .iter()
        .map(|l| format!("{} ({})", number(l.value.value()), l.value.label.value))
        .collect();
    let mut out = format!(
        "# An audit return: one organisation's self-assessment for one period.\n\
         # Every setting is explained; a line starting with # is left out until you remove the #.\n\
         kind: audit                        # this document is an audit return\n\
         framework: {id}                    # the `id` of the framework it answers\n\
         organisation: {org}                # {who}\n\
         period: {period}                   # in quotes: periods are text, and sort as text\n\
         # submitted: {today}               # when it was submitted (YYYY-MM-DD)\n\
         # completed_by: Designated Nurse   # who filled it in\n\
         # signed_off_by: Chief Nurse       # who signed it off\n\
         # moderated_by: Moderation panel   # who moderated the grades\n\
         # visibility: public               # public, or private (only on the internal site)\n\
         # weight: 10                       # order in lists: smallest first\n\
         # note: Shown at the top of the return's page.\n\
         # Every criterion once. Grades: {grades}.\n\
         # Replace `not_applicable` with `grade: N` once assessed, and add `moderated: N`,\n\
         # `evidence: [...]` and `comment: ...` as you need.\n\
         results:\n",
        id = yaml_text(&fw.id.value),
        org = yaml_text(&org.0),
        who = match &org.1 {
            Some(name) => format!("{}, by its registry id", one_line(name)),
            None => "who makes the return".to_string(),
        },
        period = quoted(&period),
        today = jiff::Zoned::now().date(),
        grades = grades.join(", "),
    );
    for (_, criterion) in fw.all_criteria() {
        out.push_str(&format!(
            "  - criterion: {}   # {}\n    not_applicable: Not assessed yet.\n",
            quoted(&criterion.id.value),
            one_line(&criterion.text)
        ));
    }
    out.push_str(
        "# The action plan: one action for each criterion below the top grade.\n\
         actions: []\n\
         # actions:\n\
         #   - id: A1                         # unique in this return\n\
         #     criterion: \"1.1\"               # the criterion it answers\n\
         #     action: What will be done.\n\
         #     owner: Who will do it\n\
         #     due: 2027-03-31                # not done by then, it is overdue\n\
         #     status: open                   # open, in-progress or done\n",
    );
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_file_name_without_its_order_number() {
        assert_eq!(title("02-recognising-abuse"), "Recognising abuse");
        assert_eq!(id("02-recognising-abuse"), "recognising-abuse");
        assert_eq!(id("2016-annual report"), "2016-annual-report");
        assert_eq!(id("--"), "new");
        assert_eq!(title(""), "New");
    }

    #[test]
    fn comments_line_up_however_long_the_value() {
        let text = align(
            "a: 1  # one\nmuch-longer-key: value  # two\n# kept: as is\nplain\n    # weight: 2  # three\n",
        );
        let columns: Vec<Option<usize>> = text.lines().map(|l| l.find('#')).collect();
        assert_eq!(columns[0], Some(COMMENTS_AT));
        assert_eq!(columns[1], Some(COMMENTS_AT));
        assert_eq!(columns[2], Some(0));
        assert_eq!(columns[3], None);
        // A commented-out setting keeps its indent, so removing its # makes it valid.
        let last = text.lines().nth(4).unwrap();
        assert!(last.starts_with("    # weight: 2 "), "{last}");
        assert_eq!(last.rfind('#'), Some(COMMENTS_AT));
    }

    #[test]
    fn paths_outside_content_are_refused_and_endings_added() {
        let root = Path::new(".");
        let ok = |p: &str, kind| match content_path(root, Path::new(p), kind) {
            Ok(rel) => rel.to_string_lossy().into_owned(),
            Err(_) => "refused".to_string(),
        };
        assert_eq!(ok("content/a", Kind::Page), "content/a.md");
        assert_eq!(ok("./content/x/b.yml", Kind::Audit), "content/x/b.yml");
        assert_eq!(ok("content/a.yaml", Kind::Module), "refused");
        assert_eq!(ok("content/../a.md", Kind::Page), "refused");
        assert_eq!(ok("static/a.md", Kind::Page), "refused");
        assert_eq!(ok("content", Kind::Page), "refused");
    }
}
