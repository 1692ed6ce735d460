//! The search box reads a query exactly as the index read the pages: `search.js`'s
//! `scan` (folding, numbers, stop words and its own Porter2 stemmer) run in Node beside
//! `search::words::scan` (and rust-stemmers), on every word of the example site and on
//! hard cases. A difference would make a word on a page impossible to find.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use safeguard::search::words::{Token, scan};

const SCRIPT: &str = r#"
const fs = require('fs');
global.window = {};
global.document = {
  currentScript: { getAttribute: (n) => (n === 'data-index' ? 'search/index-x.js' : '') },
  querySelector: () => null,
  getElementById: () => null,
};
eval(fs.readFileSync(process.argv[1], 'utf8'));
const texts = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = texts.map((text) => {
  const words = [];
  window.sgSearch.scan(text, (form, term) => words.push([form, term]));
  return words;
});
process.stdout.write(JSON.stringify(out));
"#;

/// Hard cases: stemmer exceptions and steps, accents, apostrophes, numbers, scripts.
const HARD: &[&str] = &[
    "inquiry inquiries Inquiries’ INQUIRED",
    "Victoria Climbié CLIMBIÉ Climbie\u{301} naïve façade Ærø Ørsted Straße İstanbul",
    "Standard 6.4, 1.2.3 and 2.5. s.11 section 11(2) 6. 4 .5 £1.5m 10.30am",
    "children’s children's childrens' o'clock rock'n'roll ’quoted’ 'single'",
    "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos bias andes",
    "inning innings outing canning herring earring proceed exceed succeeded",
    "generous generously communication communism arsenal arsenic general",
    "caresses ponies ties cries gas gaps kiwis us ss",
    "agreed feed feedly bleed plastered hoping hopping hopped luxuriated fizzed filing",
    "happy sky by say yelled sayings fly crying yes youth Yvonne",
    "rational conditional valency hesitancy conformably radically differently vilely analogously",
    "vietnamization predication operator feudalism decisiveness hopefulness callousness",
    "formality sensitivity sensibility logi analogi fully lessli fluently",
    "triplicate formative formalize electricity electrical hopeful goodness",
    "revival allowance inference airliner gyroscopic adjustable defensible irritant",
    "replacement adjustment dependent adoption homologous activate angularity effective bowdlerize",
    "probate rate cease controll roll",
    "Δίκαιο δίκαιο Москва Łódź Ḥadīth 東京 😀 x² ①",
    "the and of to a I it's in into is",
    "Multi-agency MASH LSCB s11 covid19 2016-09",
];

#[test]
fn the_search_box_reads_words_as_the_index_does() {
    let mut texts: Vec<String> = HARD.iter().map(|s| s.to_string()).collect();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.expect("content is readable");
        if entry.file_type().is_file()
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            texts.extend(text.lines().map(str::to_string));
        }
    }
    assert!(texts.len() > 500, "{} lines", texts.len());
    let ours: Vec<Vec<(String, String)>> = texts
        .iter()
        .map(|text| {
            let mut words = Vec::new();
            scan(text, |t| {
                if let Token::Word { form, term } = t {
                    words.push((form.to_string(), term.to_string()));
                }
            });
            words
        })
        .collect();
    let theirs = in_node(&texts);
    let mut differ = Vec::new();
    for ((text, a), b) in texts.iter().zip(&ours).zip(&theirs) {
        if a != b {
            differ.push(format!("{text:?}\n  index: {a:?}\n  box:   {b:?}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} lines read differently:\n{}",
        differ.len(),
        texts.len(),
        differ[..differ.len().min(10)].join("\n")
    );
    // The hard cases say what they are meant to.
    let words = |i: usize| -> Vec<&str> { ours[i].iter().map(|(_, t)| t.as_str()).collect() };
    assert_eq!(words(0), ["inquiri", "inquiri", "inquiri", "inquir"]);
    assert_eq!(&words(1)[..3], ["victoria", "climbi", "climbi"]);
    assert_eq!(&words(2)[..3], ["standard", "6.4", "1.2.3"]);
    assert_eq!(&words(3)[..2], ["children", "children"]);
    let words_seen: usize = ours.iter().map(Vec::len).sum();
    assert!(words_seen > 5000, "{words_seen} words");
}

fn in_node(texts: &[String]) -> Vec<Vec<(String, String)>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js");
    let mut child = Command::new("node")
        .arg("-e")
        .arg(SCRIPT)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("Node.js runs (it is part of the test setup: see README)");
    let input = serde_json::to_vec(texts).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "node failed");
    serde_json::from_slice(&out.stdout).expect("node printed JSON")
}
