//! Mangled input never crashes or hangs the tool: every run ends with exit 0 or 1,
//! and a failed run reports at least one located error.

mod common;

use common::Fixture;

const PAGE: &str = r#"---
title: The legislative foundation
type: module
level: board
duration_minutes: 20
learning_outcomes: [Explain the duty.]
questions:
  - question: "Which Act?"
    options: [Children Act 2004, Care Act 2014]
    answer: 0
tags: [law]
---

## Children Act 2004 {#ca-2004}

The LSCB[^1] and a [link](other.md#who) and ![img](pic.png) and `code`.

| A | B |
|---|---|
| 1 | 2 |

> [!NOTE]
> A note.

```yaml
key: value
```

[^1]: Local Safeguarding Children Board.
"#;

const PAPER: &str = "---\ntitle: P\ntype: paper\npaper:\n  meeting: Board\n  meeting_date: 2016-09-13\n  action_required: [assurance]\n  purpose: To assure.\n  implications: {Finance: n/a}\n  signoff: [{check: Clinical, name: A, date: 2016-08-30}]\n---\nBody\n";

const GLOSSARY: &str = "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n";

const FRAMEWORK: &str = "kind: framework\nid: s11\ntitle: S\nscale:\n  - { value: 25, label: Not met, colour: red }\n  - { value: 100, label: Met, colour: green }\nstandards:\n  - id: \"1\"\n    title: A\n    criteria:\n      - { id: \"1.1\", text: a, weight: 2, descriptors: { 25: No, 100: Yes } }\n      - { id: \"1.2\", text: b }\n";

const AUDIT: &str = "kind: audit\nframework: s11\norganisation: Org\nperiod: \"2016\"\nsubmitted: 2016-08-22\nresults:\n  - { criterion: \"1.1\", grade: 25, moderated: 100, evidence: [x] }\n  - { criterion: \"1.2\", not_applicable: Not a provider }\nactions:\n  - { id: A1, criterion: \"1.1\", action: Do, due: 2016-12-31, status: open }\n";

const REGISTRY: &str = "kind: organisations\norganisations:\n  - { id: org, name: Org, ods: X1, predecessors: [old, older], partnerships: [p] }\n  - { id: old, name: Old Org, closed: 2015-03-31 }\n  - { id: older, name: Older Org, ods: Y2, closed: 2015-03-31, predecessors: [oldest] }\n  - { id: oldest, name: Oldest Org }\npartnerships:\n  - { id: p, name: P, predecessors: [q] }\n  - { id: q, name: Q }\n";

/// A later version of FRAMEWORK: 1.1 carries on, 1.3 merges both, 1.4 is new.
const VERSION: &str = "kind: framework\nid: s12\ntitle: S2\nscale:\n  - { value: 25, label: Not met, colour: red }\n  - { value: 100, label: Met, colour: green }\nstandards:\n  - id: \"1\"\n    title: A\n    criteria:\n      - { id: \"1.1\", text: a }\n      - { id: \"1.3\", text: c }\n      - { id: \"1.4\", text: d }\nreplaces:\n  framework: s11\n  map:\n    \"1.3\": [\"1.1\", \"1.2\"]\n    \"1.4\": ~\n";

const REPORT: &str =
    "---\ntitle: R\n---\n\n[a](a0.yaml#criterion-1-1)\n\n```audit-summary\na0.yaml\n```\n";

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Breaks `text` the ways editors and people do: cut it short, drop, repeat or
/// swap characters, insert YAML and Markdown punctuation.
fn mangle(text: &str, rng: &mut Lcg) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let specials: &[u8] = b":-#[]{}*&!|>'\"\t\n `\\%@^";
    for _ in 0..1 + rng.below(4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(6) {
            0 => bytes.truncate(at),
            1 => {
                bytes.remove(at);
            }
            2 => bytes.insert(at, specials[rng.below(specials.len())]),
            3 => {
                let end = (at + rng.below(40)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
            4 => bytes[at] = 0xff,
            _ => {
                let other = rng.below(bytes.len());
                bytes.swap(at, other);
            }
        }
    }
    bytes
}

#[test]
fn mangled_sources_never_crash_the_build() {
    let mut rng = Lcg(0x5afe_9a4d);
    let mut content_errors = 0;
    // More rounds for a longer hunt: SAFEGUARD_ROUNDS=500 cargo test --test robustness
    let rounds: u32 = std::env::var("SAFEGUARD_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    for round in 0..rounds {
        let f = Fixture::new();
        f.write("content/other.md", "---\ntitle: Other\n---\n\n## Who\n");
        f.write_bytes("content/pic.png", b"png");
        for i in 0..15 {
            f.write_bytes(&format!("content/m{i}.md"), &mangle(PAGE, &mut rng));
            f.write_bytes(&format!("content/p{i}.md"), &mangle(PAPER, &mut rng));
        }
        f.write_bytes("content/glossary.yaml", &mangle(GLOSSARY, &mut rng));
        // Assurance data: one framework intact half the time, so returns reach the
        // checks against it.
        if round % 2 == 0 {
            f.write("content/s11.yaml", FRAMEWORK);
        } else {
            f.write_bytes("content/s11.yaml", &mangle(FRAMEWORK, &mut rng));
        }
        // The registry and a later framework version, each intact half the time, and
        // returns to the later version by the organisation and its predecessors.
        if round % 3 == 0 {
            f.write("content/organisations.yaml", REGISTRY);
            f.write("content/s12.yaml", VERSION);
        } else {
            f.write_bytes("content/organisations.yaml", &mangle(REGISTRY, &mut rng));
            f.write_bytes("content/s12.yaml", &mangle(VERSION, &mut rng));
        }
        for (i, org) in ["Org", "old", "Y2", "Oldest Org"].iter().enumerate() {
            let later = AUDIT
                .replace("framework: s11", "framework: s12")
                .replace("organisation: Org", &format!("organisation: {org}"))
                .replace("\"2016\"", &format!("\"201{}\"", 4 + i % 3))
                .replace("\"1.2\", not_applicable", "\"1.3\", not_applicable");
            let later = format!("{later}  - {{ criterion: \"1.4\", grade: 100 }}\n");
            let later = later.replace("actions:\n", "").replace(
                "  - { id: A1, criterion: \"1.1\", action: Do, due: 2016-12-31, status: open }\n",
                "",
            );
            f.write_bytes(&format!("content/v{i}.yaml"), &mangle(&later, &mut rng));
        }
        for i in 0..6 {
            f.write_bytes(&format!("content/a{i}.yaml"), &mangle(AUDIT, &mut rng));
            f.write_bytes(&format!("content/r{i}.md"), &mangle(REPORT, &mut rng));
        }
        // A broken site.yaml stops the build before content is read, so break it
        // only now and then.
        if round % 4 == 3 {
            f.write_bytes("site.yaml", &mangle(common::MINIMAL_CONFIG, &mut rng));
        }
        let run = f.build();
        assert!(
            !run.stderr.contains("panicked"),
            "round {round}: {}",
            run.stderr
        );
        assert!(
            run.code == 0 || run.code == 1,
            "round {round}: exit {} {}",
            run.code,
            run.stderr
        );
        if run.code == 1 {
            let located = run.stderr.lines().any(|l| {
                let mut parts = l.splitn(4, ':');
                let (_, line, col) = (parts.next(), parts.next(), parts.next());
                line.is_some_and(|s| s.parse::<u32>().is_ok())
                    && col.is_some_and(|s| s.parse::<u32>().is_ok())
            });
            assert!(
                located,
                "round {round}: no PATH:LINE:COL line in {}",
                run.stderr
            );
            content_errors += run
                .stderr
                .lines()
                .filter(|l| l.starts_with("content/"))
                .count();
        }
    }
    // The mangling must reach the content parsers, or this test proves nothing.
    assert!(content_errors > 50, "only {content_errors} content errors");
}

/// A link's `%` escapes are read by the percent-encoding crate's rule: a `%` that
/// starts no escape (even one cut through a letter, which once panicked) is text.
#[test]
fn links_with_stray_percent_signs_are_errors_not_crashes() {
    let f = Fixture::new();
    f.write("content/other.md", "---\ntitle: Other\n---\n\n## Who\n");
    f.write(
        "content/a.md",
        "---\ntitle: A\n---\n\n[one](%aé.md) [two](%+1.md) [three](other.md#%wh%C3)\n",
    );
    let run = f.build();
    run.error_at("content/a.md:5", "%aé.md");
    run.error_at("content/a.md:5", "%+1.md");
    run.error_at("content/a.md:5", "other.md");
}
