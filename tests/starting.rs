//! Starting points: `safeguard new`, `safeguard add`, `safeguard schema`, and the
//! schemas checked with Python's `jsonschema` against every YAML file there is.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::starting::{builds_cleanly, new_site, run_in};
use common::{Run, run_binary};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn new_makes_audit_data_and_a_report_that_embeds_it() {
    let (_dir, site) = new_site();
    builds_cleanly(&site);
    let out = site.join("output");
    for page in [
        "audits/safeguarding-standards/index.html",
        "audits/2025/your-organisation/index.html",
        "audits/2026/your-organisation/index.html",
        "reports/2026-annual-report/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} was not made");
    }
    // The report shows the return's summary, not the fence's text.
    let report = read(&out.join("reports/2026-annual-report/index.html"));
    assert!(
        report.contains("<section class=\"audit-summary\""),
        "{report}"
    );
    assert!(!report.contains("your-organisation.yaml"), "{report}");
    assert!(report.contains("Your organisation, 2026"), "{report}");
}

#[test]
fn new_points_the_editor_at_the_schemas_it_writes() {
    let (_dir, site) = new_site();
    let settings: serde_json::Value =
        serde_json::from_str(&read(&site.join(".vscode/settings.json"))).unwrap();
    let schemas = settings["yaml.schemas"].as_object().expect("yaml.schemas");
    let mut globs = Vec::new();
    for (schema, files) in schemas {
        let path = site.join(schema.trim_start_matches("./"));
        let text = read(&path);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        globs.extend(files.as_array().unwrap().iter().map(|g| g.to_string()));
    }
    let globs = globs.join(" ");
    assert!(globs.contains("/site.yaml"), "{globs}");
    assert!(globs.contains("/content/**/*.yaml"), "{globs}");
}

#[test]
fn new_never_writes_into_a_folder_that_holds_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = run_binary(&["new", dir.path().to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("already holds files"), "{}", run.stderr);
    assert_eq!(read(&dir.path().join("notes.txt")), "mine");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

const KINDS: [(&str, &str, &str); 10] = [
    ("page", "content/about-us", "content/about-us.md"),
    (
        "module",
        "content/training/02-next-module.md",
        "content/training/02-next-module.md",
    ),
    (
        "paper",
        "content/papers/2027-update",
        "content/papers/2027-update.md",
    ),
    (
        "report",
        "content/reports/2026-27",
        "content/reports/2026-27.md",
    ),
    (
        "meeting",
        "content/meetings/2027-01",
        "content/meetings/2027-01.md",
    ),
    (
        "framework",
        "content/audits/quality",
        "content/audits/quality.yaml",
    ),
    (
        "audit",
        "content/audits/2027/royal-hospital",
        "content/audits/2027/royal-hospital.yaml",
    ),
    // Last: it lists the organisations the returns already name, so the site builds.
    (
        "organisations",
        "content/organisations",
        "content/organisations.yaml",
    ),
    // After the registry: their starter rows name its first organisation.
    (
        "indicators",
        "content/figures/partnership-kpis",
        "content/figures/partnership-kpis.yaml",
    ),
    (
        "training",
        "content/figures/safeguarding-training",
        "content/figures/safeguarding-training.yaml",
    ),
];

/// Adds one file of every kind to a new site; returns the files written.
fn add_every_kind(site: &Path) -> Vec<PathBuf> {
    let mut written = Vec::new();
    for (kind, path, file) in KINDS {
        let mut args = vec!["add", kind, path];
        if kind == "audit" {
            args.extend(["--framework", "quality"]);
        }
        if kind == "report" {
            args.extend(["--report-kind", "icb-annual"]);
        }
        let run = run_in(site, &args);
        run.ok();
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 1, "one line: {}", run.stdout);
        assert!(
            lines[0].starts_with(&format!("Wrote {file} (")) && lines[0].contains("Next:"),
            "{}",
            lines[0]
        );
        let text = read(&site.join(file));
        assert!(
            text.lines().filter(|l| l.contains('#')).count() >= 5,
            "settings are explained in comments:\n{text}"
        );
        if ["indicators", "training"].contains(&kind) {
            // A starter CSV file beside it, with its header and a few rows.
            let csv = file.replace(".yaml", ".csv");
            assert!(lines[0].contains(&csv), "{}", lines[0]);
            let rows = read(&site.join(&csv));
            assert!(rows.lines().count() >= 3, "{rows}");
            assert!(!rows.contains('{'), "every placeholder filled: {rows}");
        }
        written.push(site.join(file));
    }
    written
}

#[test]
fn add_writes_each_kind_with_its_settings_explained_and_the_site_still_builds() {
    let (_dir, site) = new_site();
    add_every_kind(&site);
    let module = read(&site.join("content/training/02-next-module.md"));
    for setting in [
        "title: Next module",
        "type: module",
        "level:",
        "duration_minutes:",
        "learning_outcomes:",
        "questions:",
        "# review_date:",
        "# visibility:",
    ] {
        assert!(module.contains(setting), "{setting} in:\n{module}");
    }
    let audit = read(&site.join("content/audits/2027/royal-hospital.yaml"));
    assert!(audit.contains("framework: quality"), "{audit}");
    assert!(audit.contains("period: \"2027\""), "{audit}");
    assert!(
        audit.contains("criterion: \"1.2\""),
        "every criterion: {audit}"
    );
    // The datasets' starter rows name the registry's first organisation, by its id.
    let registry = read(&site.join("content/organisations.yaml"));
    let first = registry
        .lines()
        .find_map(|l| l.strip_prefix("  - id: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap();
    for csv in ["partnership-kpis.csv", "safeguarding-training.csv"] {
        let rows = read(&site.join("content/figures").join(csv));
        assert!(rows.contains(&format!(",{first},")), "{first} in:\n{rows}");
    }
    builds_cleanly(&site);
    for page in [
        "about-us/index.html",
        "training/next-module/index.html",
        "papers/2027-update/index.html",
        "audits/quality/index.html",
        "audits/2027/royal-hospital/index.html",
        "figures/partnership-kpis/index.html",
        "figures/partnership-kpis/indicators.json",
        "figures/safeguarding-training/index.html",
        "figures/safeguarding-training/training.json",
    ] {
        assert!(site.join("output").join(page).is_file(), "{page}");
    }
}

#[test]
fn add_takes_the_site_from_root_and_the_only_framework_without_asking() {
    let (dir, site) = new_site();
    let run = run_in(
        dir.path(),
        &[
            "add",
            "audit",
            "content/audits/2027/our-trust.yaml",
            "--root",
            site.to_str().unwrap(),
        ],
    );
    run.ok();
    assert!(
        read(&site.join("content/audits/2027/our-trust.yaml"))
            .contains("framework: safeguarding-standards")
    );
    builds_cleanly(&site);
}

#[test]
fn add_refuses_what_it_should_not_do_and_changes_nothing() {
    let (_dir, site) = new_site();
    let before = common::snapshot(&site);
    let refusals: [(&[&str], &str); 7] = [
        (
            &["add", "module", "content/training/01-first-module.md"],
            "already exists",
        ),
        (&["add", "page", "notes/about.md"], "content/"),
        (&["add", "page", "content/../about.md"], "content/"),
        (&["add", "page", "/tmp/about.md"], "content/"),
        (&["add", "page", "content"], "content/"),
        (&["add", "audit", "content/audits/x.md"], ".yaml"),
        (
            &["add", "audit", "content/a.yaml", "--framework", "nope"],
            "nope",
        ),
    ];
    for (args, needle) in refusals {
        let run = run_in(&site, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    // An unknown kind is a wrong command line too, and says what the kinds are.
    let run = run_in(&site, &["add", "minutes", "content/r.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("module"), "{}", run.stderr);
    // A report needs its kind, which sets its checklist.
    let run = run_in(&site, &["add", "report", "content/r.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--report-kind"), "{}", run.stderr);
    assert_eq!(common::snapshot(&site), before, "nothing was changed");
}

/// A dataset's YAML and its starter CSV file are both created new: a CSV file of the
/// user's where the starter would go stops `add` before anything is written.
#[test]
fn add_a_dataset_never_replaces_its_data_or_itself() {
    let (_dir, site) = new_site();
    std::fs::create_dir_all(site.join("content/figures")).unwrap();
    std::fs::write(site.join("content/figures/kpis.csv"), "mine\n").unwrap();
    let before = common::snapshot(&site);
    let run = run_in(&site, &["add", "indicators", "content/figures/kpis"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/figures/kpis.csv already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(common::snapshot(&site), before, "nothing was changed");
    run_in(&site, &["add", "training", "content/figures/training"]).ok();
    let csv = read(&site.join("content/figures/training.csv"));
    // Without a registry, the rows name a placeholder organisation.
    assert!(csv.contains(",Your organisation,"), "{csv}");
    let again = common::snapshot(&site);
    let run = run_in(&site, &["add", "training", "content/figures/training"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(common::snapshot(&site), again, "nothing was changed");
    std::fs::remove_file(site.join("content/figures/kpis.csv")).unwrap();
    builds_cleanly(&site);
}

#[test]
fn add_does_not_follow_a_shortcut_out_of_content() {
    let (dir, site) = new_site();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.join("content/shared")).unwrap();
    let run = run_in(&site, &["add", "page", "content/shared/notes.md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("shortcut"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn add_audit_needs_a_framework() {
    let f = common::Fixture::new();
    let run = run_in(f.root(), &["add", "audit", "content/2027/us.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("safeguard add framework"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("content/2027/us.yaml"));
}

#[test]
fn add_organisations_lists_the_organisations_returns_name_and_later_returns_use_their_ids() {
    let (_dir, site) = new_site();
    run_in(
        &site,
        &["add", "audit", "content/audits/2027/royal-hospital"],
    )
    .ok();
    let run = run_in(&site, &["add", "organisations", "content/organisations"]);
    run.ok();
    let registry = read(&site.join("content/organisations.yaml"));
    // The return's organisation is in it (so the site still builds), and the
    // settings it did not fill are explained, each keeping its indent.
    assert!(registry.contains("  - id: royal-hospital "), "{registry}");
    assert!(registry.contains("    name: Royal hospital "), "{registry}");
    assert!(registry.contains("\n    # ods: QXX "), "{registry}");
    builds_cleanly(&site);
    assert!(
        site.join("output/organisations/royal-hospital/index.html")
            .is_file()
    );
    // A later return names the organisation by its registry id.
    run_in(
        &site,
        &["add", "audit", "content/audits/2028/royal-hospital"],
    )
    .ok();
    let audit = read(&site.join("content/audits/2028/royal-hospital.yaml"));
    assert!(audit.contains("organisation: royal-hospital "), "{audit}");
    assert!(
        audit.contains("# Royal hospital, by its registry id"),
        "{audit}"
    );
    builds_cleanly(&site);
    // One the registry lacks is refused, with the nearest, and nothing is written.
    let run = run_in(
        &site,
        &["add", "audit", "content/audits/2028/royal-hospitl"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("has no organisation `royal-hospitl`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("such as royal-hospital for Royal hospital"),
        "{}",
        run.stderr
    );
    assert!(!site.join("content/audits/2028/royal-hospitl.yaml").exists());
    // And a second registry.
    let run = run_in(&site, &["add", "organisations", "content/audits/more"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is already the site's organisations registry"),
        "{}",
        run.stderr
    );
}

#[test]
fn schema_writes_a_schema_for_every_kind_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let run = run_binary(&["schema", out.to_str().unwrap()], None);
    run.ok();
    for name in [
        "site",
        "front-matter",
        "glossary",
        "framework",
        "audit",
        "organisations",
        "indicators",
        "training",
        "content",
    ] {
        let text = read(&out.join(format!("{name}.schema.json")));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
    let site: serde_json::Value =
        serde_json::from_str(&read(&out.join("site.schema.json"))).unwrap();
    assert_eq!(site["additionalProperties"], false);
    let title = site["properties"]["title"]["description"].as_str().unwrap();
    assert!(title.contains("shown at the top"), "{title}");
    // `statistics: { suppress_below }`, explained.
    let statistics = &site["properties"]["statistics"];
    assert!(statistics.is_object(), "{site}");
    let text = read(&out.join("site.schema.json"));
    assert!(text.contains("\"suppress_below\""), "{text}");
    assert!(text.contains("rounded to the nearest 5"), "{text}");
    // `data:` is one file name or a list of them; target and amber are numbers.
    let ind: serde_json::Value =
        serde_json::from_str(&read(&out.join("indicators.schema.json"))).unwrap();
    let files = &ind["$defs"]["DataFiles"]["anyOf"];
    assert_eq!(files[0]["type"], "string", "{ind}");
    assert_eq!(files[1]["type"], "array", "{ind}");
    let target = &ind["$defs"]["Indicator"]["properties"]["target"]["type"];
    assert_eq!(target, &serde_json::json!(["number", "null"]), "{ind}");
    // A second run brings them up to date.
    run_binary(&["schema", out.to_str().unwrap()], None).ok();
}

/// `schema` replaces only the schemas it wrote: a file of the user's of the same name,
/// or a link there, stops it before it writes anything.
#[test]
fn schema_replaces_only_its_own_files_and_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("audit.schema.json"), "{ \"mine\": true }\n").unwrap();
    let run = run_binary(&["schema", out.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("audit.schema.json is a file of yours"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&out.join("audit.schema.json")), "{ \"mine\": true }\n");
    assert!(
        !out.join("site.schema.json").exists(),
        "nothing is written when one is refused"
    );

    std::fs::remove_file(out.join("audit.schema.json")).unwrap();
    let elsewhere = dir.path().join("elsewhere.json");
    std::fs::write(&elsewhere, "keep\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("site.schema.json")).unwrap();
    let run = run_binary(&["schema", out.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("site.schema.json is a link"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&elsewhere), "keep\n");

    std::fs::remove_file(out.join("site.schema.json")).unwrap();
    // A pipe is neither a folder nor a file: it is named for what it is, and left.
    let pipe = out.join("glossary.schema.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let run = run_binary(&["schema", out.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("glossary.schema.json is a special file"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&pipe).unwrap();
    run_binary(&["schema", out.to_str().unwrap()], None).ok();
    run_binary(&["schema", out.to_str().unwrap()], None).ok();
}

/// A file as the editor sees it: the schema it is checked against and its YAML (a
/// page's front matter) read into JSON by the YAML reader the build uses.
fn document(path: &Path) -> Option<serde_json::Value> {
    let text = read(path);
    let name = path.file_name().unwrap().to_string_lossy();
    let (schema, yaml) = if name.ends_with(".md") {
        let split = safeguard::content::frontmatter::split("page", &text).ok()?;
        ("front-matter", split.yaml.to_string())
    } else if name == "site.yaml" {
        ("site", text)
    } else {
        ("content", text)
    };
    // As an editor reads YAML (1.2): `Yes` and `No` are text, only true and false are
    // booleans.
    let options = serde_saphyr::options! { strict_booleans: true };
    let doc: serde_json::Value = serde_saphyr::from_str_with_options(&yaml, options)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some(serde_json::json!({ "path": path, "schema": schema, "doc": doc }))
}

/// Runs `tests/schema/validate.py` over `files` with the schemas `safeguard schema`
/// writes. Fails, saying what to install, when Python or jsonschema is missing: a
/// schema test that quietly passes would prove nothing.
fn validate(files: &[PathBuf]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    run_binary(&["schema", schemas.to_str().unwrap()], None).ok();
    let docs: Vec<serde_json::Value> = files.iter().filter_map(|f| document(f)).collect();
    let list = dir.path().join("documents.json");
    std::fs::write(&list, serde_json::to_string(&docs).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(&schemas)
        .arg(&list)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}): install Python 3, then `pip install jsonschema`")
        });
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_ne!(
        run.code, 3,
        "the schema test needs Python's jsonschema package: pip install jsonschema\n{}",
        run.stderr
    );
    run
}

/// Every `.yaml`, `.yml` and `.md` file under `dir`, leaving out built output and
/// the browser suite's packages.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "output" | "node_modules" | ".safeguard") {
                sources(&path, out);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".md") {
            out.push(path);
        }
    }
}

#[test]
fn the_schemas_accept_every_yaml_file_and_reject_a_typo() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![repo.join("site.yaml")];
    sources(&repo.join("content"), &mut files);
    sources(&repo.join("tests/sites"), &mut files);
    let (_dir, site) = new_site();
    // The other spellings the parser reads by hand: a bare number as text, one action
    // for a list of them. The build takes them, and so must the schema.
    std::fs::write(
        site.join("content/papers/2027-short.md"),
        "---\ntitle: Short\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2027-01-05\n  agenda_item: 7\n  action_required: decision\n  purpose: To decide.\n  implications: { Financial: 0 }\n---\n",
    )
    .unwrap();
    sources(&site, &mut files);
    files.extend(add_every_kind(&site));
    run_in(&site, &["check", "--as-of", "2026-11-22"]).ok();
    assert!(files.len() > 40, "{files:?}");
    let run = validate(&files);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    // A typo'd key is rejected, by name, in each kind of file.
    let typos = [
        ("site.yaml", "title:", "titel:"),
        (
            "content/audits/2026/your-organisation.yaml",
            "organisation:",
            "organsation:",
        ),
        (
            "content/audits/safeguarding-standards.yaml",
            "colour: red",
            "color: red",
        ),
        ("content/glossary.yaml", "terms:", "term:"),
        (
            "content/training/01-first-module.md",
            "duration_minutes:",
            "duration_minute:",
        ),
        (
            "content/papers/2026-board-assurance.md",
            "purpose:",
            "purpose_:",
        ),
        ("content/figures/partnership-kpis.yaml", "better:", "beter:"),
        (
            "content/figures/safeguarding-training.yaml",
            "strands:",
            "strand:",
        ),
    ];
    for (file, good, bad) in typos {
        let path = site.join(file);
        let text = read(&path);
        assert!(text.contains(good), "{file}");
        std::fs::write(&path, text.replacen(good, bad, 1)).unwrap();
        let run = validate(std::slice::from_ref(&path));
        assert_eq!(run.code, 1, "{file} with `{bad}` passed:\n{}", run.stdout);
        let key = bad.trim_end_matches(" red").trim_end_matches(':');
        assert!(run.stdout.contains(&format!("'{key}'")), "{}", run.stdout);
        std::fs::write(&path, text).unwrap();
    }

    // Each figures file is held to its own kind's schema: a value the other kind
    // would take, or a unit that is not one, is rejected.
    for (file, good, bad, said) in [
        (
            "content/figures/partnership-kpis.yaml",
            "unit: percent",
            "unit: percentage",
            "'percentage'",
        ),
        (
            "content/figures/safeguarding-training.yaml",
            "target: 90",
            "target: 90\nindicators: []",
            "'indicators'",
        ),
    ] {
        let path = site.join(file);
        let text = read(&path);
        assert!(text.contains(good), "{file}");
        std::fs::write(&path, text.replacen(good, bad, 1)).unwrap();
        let run = validate(std::slice::from_ref(&path));
        assert_eq!(run.code, 1, "{file} with `{bad}` passed:\n{}", run.stdout);
        assert!(run.stdout.contains(said), "{}", run.stdout);
        std::fs::write(&path, text).unwrap();
    }
}
