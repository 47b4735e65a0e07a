//! Running the client's futures to completion from sync code.

use std::future::Future;

/// Runs `future` to completion on a private current-thread runtime.
///
/// Outside a runtime the future runs on the calling thread. Inside one (a
/// `#[tokio::test]` calling a `*_blocking` method) a runtime cannot be
/// blocked on from its own thread, so the future runs on a scoped helper
/// thread with its own runtime while the caller waits. That cannot deadlock
/// on the client's own work; it can only stall a handler that waits for
/// something the caller's runtime would have to drive, which is why async
/// tests should `.await` instead.
///
/// A panic inside the future is resumed on the caller's thread.
///
/// # Panics
///
/// When the OS refuses to start the runtime or the helper thread.
pub(crate) fn block_on<F>(future: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_err() {
        return run_here(future);
    }
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("chalice-testing".to_string())
            .spawn_scoped(scope, || run_here(future));
        match helper {
            Ok(handle) => match handle.join() {
                Ok(output) => output,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(e) => panic!("chalice-testing: cannot start a helper thread: {e}"),
        }
    })
}

fn run_here<F: Future>(future: F) -> F::Output {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(future),
        Err(e) => panic!("chalice-testing: cannot start a tokio runtime: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_outside_a_runtime() {
        assert_eq!(block_on(async { 1 + 1 }), 2);
    }

    #[test]
    fn runs_inside_a_current_thread_runtime() {
        let outer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let got = outer.block_on(async { block_on(async { "inner" }) });
        assert_eq!(got, "inner");
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn resumes_a_panic_of_the_helper_thread() {
        let outer = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        outer.block_on(async { block_on(async { panic!("boom") }) });
    }
}
