//! Where the batch work runs: on a rayon pool of [`crate::Options::threads`] threads, or —
//! with one thread — on the calling thread alone, with no pool built at all (what a Spark
//! worker asks for; building a pool per call costs more than scoring a small batch).
//!
//! The parallel steps call [`join`] and [`map`] rather than rayon directly: on the calling
//! thread they run one after another, in the same order rayon gives back, so the results
//! (errors included) are the same either way.

use std::cell::Cell;

use plaudit::RecordError;
use rayon::prelude::*;

thread_local! {
    /// Set while batch work runs on this thread without a pool.
    static SERIAL: Cell<bool> = const { Cell::new(false) };
}

/// Restores the previous mode when the work ends, also by a panic.
struct Restore(bool);

impl Drop for Restore {
    fn drop(&mut self) {
        SERIAL.with(|s| s.set(self.0));
    }
}

fn serial() -> bool {
    SERIAL.with(Cell::get)
}

/// Runs `work` on a pool of `threads` threads (0: one per core), or on the calling thread
/// when `threads` is 1. A panicking worker's panic propagates to the caller (the callers
/// turn it into an error); no row is ever dropped.
pub(crate) fn run<T: Send>(
    threads: usize,
    work: impl FnOnce() -> Result<T, RecordError> + Send,
) -> Result<T, RecordError> {
    if threads == 1 {
        let _restore = Restore(SERIAL.with(|s| s.replace(true)));
        return work();
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("plaudit-arrow-{i}"))
        .build()
        .map_err(|e| crate::one(crate::internal(e)))?;
    // Work that nests in a pool of its own is parallel again, whatever called it.
    pool.install(|| {
        let _restore = Restore(SERIAL.with(|s| s.replace(false)));
        work()
    })
}

/// `rayon::join`, or `a` then `b` on the calling thread.
pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if serial() {
        (a(), b())
    } else {
        rayon::join(a, b)
    }
}

/// `f` over `items` in parallel, or in order on the calling thread; results in item order.
pub(crate) fn map<I, T, R, F>(items: I, f: F) -> Vec<R>
where
    I: IntoParallelIterator<Item = T> + IntoIterator<Item = T>,
    F: Fn(T) -> R + Sync + Send,
    R: Send,
{
    if serial() {
        IntoIterator::into_iter(items).map(f).collect()
    } else {
        items.into_par_iter().map(f).collect()
    }
}

/// [`map`] with a scratch value made by `init` (once per worker, or once in all).
pub(crate) fn map_init<I, T, S, R, F, N>(items: I, init: N, f: F) -> Vec<R>
where
    I: IntoParallelIterator<Item = T> + IntoIterator<Item = T>,
    N: Fn() -> S + Sync + Send,
    F: Fn(&mut S, T) -> R + Sync + Send,
    R: Send,
{
    if serial() {
        let mut scratch = init();
        IntoIterator::into_iter(items)
            .map(|x| f(&mut scratch, x))
            .collect()
    } else {
        items.into_par_iter().map_init(init, f).collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn one_thread_stays_on_the_calling_thread() {
        let me = std::thread::current().id();
        let seen = run(1, || {
            let (a, b) = join(
                || std::thread::current().id(),
                || std::thread::current().id(),
            );
            let mut ids = map(0..64usize, |_| std::thread::current().id());
            ids.extend(map_init(
                0..64usize,
                || 0,
                |_, _| std::thread::current().id(),
            ));
            ids.extend([a, b]);
            Ok((rayon::current_thread_index(), ids))
        })
        .unwrap();
        assert_eq!(seen.0, None, "no pool is entered");
        assert!(seen.1.iter().all(|&t| t == me));
        assert!(!serial(), "the mode ends with the call");
    }

    #[test]
    fn more_threads_run_on_a_pool_in_order() {
        let me = std::thread::current().id();
        let (inside, out) = run(2, || {
            let out = map(0..1000usize, |i| i * 2);
            Ok((std::thread::current().id(), out))
        })
        .unwrap();
        assert_ne!(inside, me);
        assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_pool_inside_one_thread_work_is_parallel_again() {
        let nested = run(1, || run(2, || Ok(serial()))).unwrap();
        assert!(!nested);
        assert!(!serial());
    }

    #[test]
    fn a_panic_ends_the_mode() {
        let r =
            std::panic::catch_unwind(|| run(1, || -> Result<(), RecordError> { panic!("boom") }));
        assert!(r.is_err());
        assert!(!serial());
    }
}
