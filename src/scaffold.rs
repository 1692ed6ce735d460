//! `safeguard new DIR`: a small site that builds, to start from.

use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# What safeguard makes (output/) and keeps for itself between builds (.safeguard/).\n/output/\n/.safeguard/\n",
    ),
    (
        "site.yaml",
        r#"title: Safeguarding training
base_url: /
organisation: Your organisation
language: en-GB
default_visibility: private

# The accessibility statement, published at /accessibility/. Check every line
# before you publish: `compliance` is full, partial or not, and partial or not
# need `known_issues` saying what fails WCAG 2.2 AA.
accessibility:
  compliance: full
  contact:
    email: safeguarding@example.org
  response_days: 5
  prepared: 2026-01-01
"#,
    ),
    (
        "content/_index.md",
        "---\ntitle: Safeguarding training\ndescription: Training and assurance for the governing body.\n---\n\nWelcome. Start with the [training course](training/_index.md), read the latest\n[committee paper](papers/2026-board-assurance.md), or look up a term in the\n[glossary](glossary.yaml).\n",
    ),
    (
        "content/training/_index.md",
        "---\ntitle: Training\ndescription: Modules for the governing body.\n---\n\nWork through the modules in order. Each ends with a short self-check.\n",
    ),
    (
        "content/training/01-first-module.md",
        r#"---
title: Your first module
description: What the Children Act 2004 asks of a governing body.
type: module
level: board
duration_minutes: 20
learning_outcomes:
  - Describe the duty in section 11 of the Children Act 2004.
  - Say who on the board is accountable for safeguarding.
questions:
  - question: Who does section 11 of the Children Act 2004 place a duty on?
    options:
      - Only the local authority
      - Key people and bodies, including the NHS
      - Only schools
    answer: 1
    explanation: Section 11 applies to a list of key people and bodies, the NHS among them.
---

## The duty

Section 11 of the Children Act 2004 asks key bodies to make sure that their work
has regard to the need to safeguard and promote the welfare of children.

> [!NOTE]
> Replace this text with your own module. Headings get ids, so other pages can link
> to [the duty](01-first-module.md#the-duty).

## Who is accountable

The chief executive is accountable; a named board member leads. The local
safeguarding partnership (once the LSCB) holds each agency to account.
"#,
    ),
    (
        "content/papers/_index.md",
        "---\ntitle: Committee papers\n---\n\nPapers for the governing body and its committees.\n",
    ),
    (
        "content/papers/2026-board-assurance.md",
        r#"---
title: Safeguarding children assurance
type: paper
paper:
  meeting: Quality and Safety Committee
  meeting_date: 2026-01-13
  agenda_item: "5"
  report_of: Safeguarding team
  author: Designated Nurse, Safeguarding Children
  contact: safeguarding@example.org
  action_required: [assurance]
  purpose: To assure the committee that the organisation meets its section 11 duties.
  baf_domains:
    - "Domain 1: A well-led organisation"
  implications:
    Quality and safety: Arrangements to safeguard children are in place.
    Financial: n/a
  recommendations:
    - Receive and discuss this report.
  signoff:
    - { check: Clinical view, name: A Nurse, date: 2026-01-02 }
  version: "0.1"
  status: draft
---

## Background

Write the paper here. The cover sheet above is made from the `paper:` block.
See the [training](../training/01-first-module.md#the-duty) the board has done.
"#,
    ),
    (
        "content/glossary.yaml",
        "kind: glossary\nterms:\n  LSCB: Local Safeguarding Children Board\n  NHS: National Health Service\n",
    ),
];

/// Writes the starter site into `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} already holds files; `safeguard new` only writes into a new or empty folder, so that nothing is overwritten",
                dir.display()
            ));
        }
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}
