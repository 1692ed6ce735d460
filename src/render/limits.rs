//! Bounds on one template render, so a template that runs away (loops inside loops
//! over `range(end=100000)`, or output without end) stops with an error naming it
//! instead of running for minutes.
//!
//! Tera 2 has no fuel or loop limit of its own (only `range` is capped, at 100,000
//! elements per call), and a render cannot be stopped from outside: a thread cannot
//! be killed. So the render stops itself, at the two places a runaway must pass
//! through: `range`, which every loop over numbers calls (an inner loop once per
//! turn of the outer one), and the output, which every loop that writes feeds. Each
//! counts against a budget for the render and checks the render's deadline. A loop
//! over the site's own data is bounded by the data, and is left alone.

use std::cell::Cell;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use tera::{Error, Kwargs, State, TeraResult};

/// Numbers `range` may make in one render, over all its calls: far beyond any
/// template's need (the default theme makes none).
pub const RANGE_BUDGET: u64 = 1_000_000;
/// Bytes one render may write: the largest page (a whole course on one print page)
/// is a few megabytes.
pub const OUTPUT_LIMIT: u64 = 64 * 1024 * 1024;
/// How long one render may take.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Why the render on this thread was stopped, if it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    Range,
    Output,
    Time,
}

impl Stopped {
    pub fn explain(self) -> String {
        match self {
            Stopped::Range => format!(
                "the template makes more than {RANGE_BUDGET} numbers with `range` for one page, so it was stopped (loops inside loops multiply): loop over less"
            ),
            Stopped::Output => format!(
                "the template wrote more than {} MB for one page, so it was stopped: look for a loop that repeats more than it should",
                OUTPUT_LIMIT / (1024 * 1024)
            ),
            Stopped::Time => format!(
                "the template took more than {} seconds for one page, so it was stopped: look for loops inside loops",
                DEADLINE.as_secs()
            ),
        }
    }
}

struct Budget {
    numbers: Cell<u64>,
    started: Cell<Instant>,
    stopped: Cell<Option<Stopped>>,
}

thread_local! {
    // Renders run one at a time on a thread, start to finish, so the budget of the
    // render on this thread is the thread's.
    static BUDGET: Budget = Budget {
        numbers: Cell::new(0),
        started: Cell::new(Instant::now()),
        stopped: Cell::new(None),
    };
}

/// Starts a render's budget on this thread.
pub fn start() {
    BUDGET.with(|b| {
        b.numbers.set(0);
        b.started.set(Instant::now());
        b.stopped.set(None);
    });
}

/// Why the last render on this thread was stopped, if it was.
pub fn stopped() -> Option<Stopped> {
    BUDGET.with(|b| b.stopped.get())
}

/// Stops the render if it has spent `numbers` more than its budget or its time.
fn spend(numbers: u64) -> Result<(), Stopped> {
    BUDGET.with(|b| {
        let total = b.numbers.get().saturating_add(numbers);
        b.numbers.set(total);
        let why = if total > RANGE_BUDGET {
            Some(Stopped::Range)
        } else if b.started.get().elapsed() > DEADLINE {
            Some(Stopped::Time)
        } else {
            None
        };
        match why {
            Some(w) => {
                b.stopped.set(Some(w));
                Err(w)
            }
            None => Ok(()),
        }
    })
}

/// Tera's `range`, the same numbers, counted against the render's budget.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(Error::message(
            "`range` was called with `step_by=0`: use a step of 1 or more",
        ));
    }
    if start > end && step > 0 {
        return Err(Error::message(
            "`range` was called with `start` greater than `end`",
        ));
    }
    // How many numbers, without overflow: i128 spans are at most 2^128.
    let span = if step > 0 {
        end.checked_sub(start)
    } else {
        start.checked_sub(end)
    };
    let len = span
        .map(|s| {
            let s = s.max(0) as u128;
            let by = step.unsigned_abs();
            s.div_ceil(by)
        })
        .unwrap_or(u128::MAX);
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    spend(len).map_err(|w| Error::message(w.explain()))?;
    Ok((0..len as i128).map(|i| start + i * step).collect())
}

/// A writer that stops the render when it has written too much or taken too long.
pub struct Bounded<W> {
    pub inner: W,
    written: u64,
    writes: u32,
}

/// The clock is read once in this many writes: a page makes thousands of small
/// writes, and reading the clock for each cost an eighth of a build.
const WRITES_PER_LOOK: u32 = 1024;

impl<W> Bounded<W> {
    pub fn new(inner: W) -> Self {
        Bounded {
            inner,
            written: 0,
            writes: 0,
        }
    }
}

impl<W: Write> Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written += buf.len() as u64;
        self.writes = self.writes.wrapping_add(1);
        let stop = if self.written > OUTPUT_LIMIT {
            BUDGET.with(|b| b.stopped.set(Some(Stopped::Output)));
            true
        } else {
            self.writes.is_multiple_of(WRITES_PER_LOOK) && spend(0).is_err()
        };
        if stop {
            return Err(io::Error::other("render stopped"));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
