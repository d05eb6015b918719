//! Timing shared by the hand-written benchmarks.

use std::time::{Duration, Instant};

/// Median and fastest wall time of `runs` calls (after one warm-up call). The fastest run is
/// the figure least disturbed by other work on a shared machine.
pub fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut out = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
    }
    times.sort();
    (times[times.len() / 2], times[0], out)
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
