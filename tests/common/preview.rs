//! A running `safeguard serve` of a fixture site, for the preview's tests.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Fixture;

/// A running preview; killed when dropped.
pub struct Preview {
    pub child: Child,
    pub addr: String,
    pub stderr: Arc<Mutex<String>>,
    pub stdout: Arc<Mutex<String>>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `safeguard serve` on the fixture and waits for the address it prints.
pub fn start(f: &Fixture, extra: &[&str]) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_safeguard"))
        .args(["serve", "--root"])
        .arg(f.root())
        .args(["--as-of", "2026-11-22"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start safeguard serve");
    let stdout = Arc::new(Mutex::new(String::new()));
    let stderr = Arc::new(Mutex::new(String::new()));
    for (pipe, sink) in [
        (
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Arc::clone(&stdout),
        ),
        (Box::new(child.stderr.take().unwrap()), Arc::clone(&stderr)),
    ] {
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
    }
    let started = Instant::now();
    let addr = loop {
        if let Some(at) = stdout.lock().unwrap().split("http://").nth(1) {
            break at.split('/').next().unwrap().to_string();
        }
        assert!(
            // A first build of a large site in a debug build, beside other tests.
            started.elapsed() < Duration::from_secs(120),
            "serve printed no address; stderr:\n{}",
            stderr.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    Preview {
        child,
        addr,
        stderr,
        stdout,
    }
}
