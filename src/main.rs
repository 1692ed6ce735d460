//! The command line: parse, dispatch, exit codes. Nothing else lives here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jiff::civil::Date;
use safeguard::pipeline::{self, BuildOptions, Mode};
use safeguard::scaffold;
use safeguard::site::Audience;

// The system allocator, on purpose: mimalloc (v2) saved 10-15% of the CPU of a
// 10,000-page build but held 35 MiB more at peak (178 against 141 MiB, wall time
// within 2-9%), and v3 held 198 MiB (bench/compare.py; 2026-12-04).

/// A static site generator for safeguarding training and assurance reports.
#[derive(Parser)]
#[command(name = "safeguard", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site's folder (holding site.yaml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Who the site is for: `internal` publishes everything but drafts; `public` only
    /// items marked `visibility: public`.
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    audience: AudienceArg,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The date "overdue" and "review due" are judged against (default: today, or
    /// SOURCE_DATE_EPOCH when set).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<Date>,
}

/// `--audience`, as the command line spells it (the model knows nothing of clap).
#[derive(Clone, Copy, clap::ValueEnum)]
enum AudienceArg {
    /// Everything that is not a draft.
    Internal,
    /// Only items whose visibility is `public`.
    Public,
}

impl From<AudienceArg> for Audience {
    fn from(a: AudienceArg) -> Audience {
        match a {
            AudienceArg::Internal => Audience::Internal,
            AudienceArg::Public => Audience::Public,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site (default: ROOT/output).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Check the site as `build` does, without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Preview the site: build it in memory, serve it, and rebuild and reload open
    /// tabs whenever a source changes.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The address to listen on. Anything but loopback shows drafts and private
        /// pages to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port (default: any free port, printed at start).
        #[arg(long)]
        port: Option<u16>,
        /// Look for changes every half second instead of being told of them: for
        /// sites on network drives, which often send no change notifications.
        #[arg(long)]
        poll: bool,
    },
    /// Create a small example site to start from in DIR.
    New {
        /// A folder that does not exist yet, or is empty.
        dir: PathBuf,
    },
    /// Write one new file of a kind, with every setting explained, that builds as it is.
    Add {
        /// What to write.
        #[arg(value_enum)]
        kind: KindArg,
        /// Where, under the site's content/ folder (`content/training/02-next.md`); the
        /// ending (.md or .yaml) is added if you leave it off.
        path: PathBuf,
        /// The site's folder (holding site.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// For an audit return: the `id` of the framework it answers, when the site
        /// has more than one.
        #[arg(long, value_name = "ID")]
        framework: Option<String>,
        /// For a report: its kind, which sets the checklist of what it must contain.
        #[arg(long = "report-kind", value_enum, value_name = "KIND")]
        report_kind: Option<ReportKindArg>,
    },
    /// Write JSON Schemas of site.yaml, front matter and the YAML documents into DIR,
    /// for editors to check settings as you type.
    Schema {
        /// The folder to write them to (made if missing).
        dir: PathBuf,
    },
}

/// The kinds `add` writes, as the command line spells them.
#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    /// An ordinary page (.md).
    Page,
    /// A training module with a self-check (.md).
    Module,
    /// A committee paper with its cover sheet (.md).
    Paper,
    /// An annual report with a section for each item its kind must cover (.md);
    /// give its kind with --report-kind.
    Report,
    /// A meeting of a board or committee with its agenda (.md).
    Meeting,
    /// An audit framework (.yaml).
    Framework,
    /// An audit return against a framework of the site (.yaml).
    Audit,
    /// The site's organisations registry (.yaml).
    Organisations,
    /// A set of performance indicators (.yaml), with a starter CSV file of figures.
    Indicators,
    /// Training compliance figures (.yaml), with a starter CSV file of counts.
    Training,
}

/// The kinds of report, as `--report-kind` spells them.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ReportKindArg {
    /// A safeguarding children partnership's yearly report (Working Together 2023).
    ScpYearly,
    /// A safeguarding adults board's annual report (Care Act 2014, Schedule 2).
    SabAnnual,
    /// An integrated care board's annual safeguarding report.
    IcbAnnual,
    /// A Welsh regional safeguarding board's annual report.
    WalesAnnual,
    /// Any other report, with no checklist.
    Other,
}

impl KindArg {
    /// The kind to write; a report needs its kind.
    fn with(self, report: Option<ReportKindArg>) -> Result<scaffold::Kind, (u8, String)> {
        use safeguard::reports::ReportKind as R;
        Ok(match self {
            KindArg::Report => scaffold::Kind::Report(match report {
                Some(ReportKindArg::ScpYearly) => R::ScpYearly,
                Some(ReportKindArg::SabAnnual) => R::SabAnnual,
                Some(ReportKindArg::IcbAnnual) => R::IcbAnnual,
                Some(ReportKindArg::WalesAnnual) => R::WalesAnnual,
                Some(ReportKindArg::Other) => R::Other,
                None => return Err((2, "say which kind of report with --report-kind: scp-yearly (a safeguarding children partnership), sab-annual (a safeguarding adults board), icb-annual (an integrated care board), wales-annual (a Welsh regional safeguarding board) or other".to_string())),
            }),
            other if report.is_some() => {
                return Err((
                    2,
                    format!(
                        "--report-kind is for `safeguard add report` only: leave it out to add {}",
                        scaffold::Kind::from(other).name()
                    ),
                ));
            }
            other => other.into(),
        })
    }
}

impl From<KindArg> for scaffold::Kind {
    fn from(k: KindArg) -> scaffold::Kind {
        match k {
            KindArg::Page => scaffold::Kind::Page,
            KindArg::Module => scaffold::Kind::Module,
            KindArg::Paper => scaffold::Kind::Paper,
            KindArg::Meeting => scaffold::Kind::Meeting,
            // `KindArg::with` makes a report, from `--report-kind`, before this is asked.
            KindArg::Report => unreachable!("a report's kind comes from --report-kind"),
            KindArg::Framework => scaffold::Kind::Framework,
            KindArg::Audit => scaffold::Kind::Audit,
            KindArg::Organisations => scaffold::Kind::Organisations,
            KindArg::Indicators => scaffold::Kind::Indicators,
            KindArg::Training => scaffold::Kind::Training,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Laying out a PDF recurses deep (Typst, through nested lists and tables) and
    // runs on the render threads, whose work it shares: they get room for it.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(64 << 20)
        .build_global();
    let code = match cli.command {
        Command::Build { site, output } => run(site, output, true),
        Command::Check { site } => run(site, None, false),
        Command::Serve {
            site,
            bind,
            port,
            poll,
        } => safeguard::serve::run(safeguard::serve::ServeOptions {
            root: site.root,
            bind,
            port,
            audience: site.audience.into(),
            drafts: site.drafts,
            as_of: site.as_of,
            poll,
        }),
        Command::New { dir } => said(scaffold::create(&dir).map_err(|m| (1, m)).map(|()| {
            format!(
                "Created a new site in {0}. Build it with: safeguard build --root {0}",
                dir.display()
            )
        })),
        Command::Add {
            kind,
            path,
            root,
            framework,
            report_kind,
        } => said(kind.with(report_kind).and_then(|kind| {
            scaffold::add(&root, kind, &path, framework.as_deref()).map_err(|r| match r {
                scaffold::Refused::Usage(m) => (2, m),
                scaffold::Refused::Failed(m) => (1, m),
            })
        })),
        Command::Schema { dir } => said(safeguard::schema::write(&dir).map_err(|m| (1, m)).map(
            |names| {
                format!(
                    "Wrote {} JSON Schemas to {}: {}. Point your editor's YAML extension at them (see README, \"Help from your editor\").",
                    names.len(),
                    dir.display(),
                    names.join(", ")
                )
            },
        )),
    };
    ExitCode::from(code)
}

/// Prints what a command did, or its error, and gives its exit status.
fn said(outcome: Result<String, (u8, String)>) -> u8 {
    match outcome {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err((code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

fn run(site: SiteArgs, output: Option<PathBuf>, write: bool) -> u8 {
    let mode = match write {
        true => Mode::Build {
            output: output.unwrap_or_else(|| site.root.join("output")),
        },
        false => Mode::Check,
    };
    let options = BuildOptions {
        root: site.root,
        audience: site.audience.into(),
        drafts: site.drafts,
        as_of: site.as_of,
        mode,
    };
    let outcome = pipeline::run(&options);
    eprint!("{}", outcome.report());
    if outcome.succeeded() { 0 } else { 1 }
}
