//! Environment variables that a [`Client`](crate::Client) applies around each
//! call, and the process-wide lock that keeps calls from interleaving them.
//!
//! The environment belongs to the process, not to a test: two tests running
//! on two threads see the same variables. Every call that changes them holds
//! one lock from before the first change until the last one is undone, so two
//! clients never mix their variables. A call of a client *without* variables
//! takes no lock, and may observe another test's variables while that test's
//! call is running; give variables of concurrent tests distinct names.

use std::ffi::OsString;

use tokio::sync::{Mutex, MutexGuard};

/// Held while a call runs with its variables applied. A tokio mutex, so that
/// the guard can be held across `.await` by a future that must stay `Send`.
static ENV_LOCK: Mutex<()> = Mutex::const_new(());

/// The variables of a client: `(name, Some(value))` to set, `(name, None)` to
/// remove, each optionally limited to one function.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EnvVars {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    function: Option<String>,
    name: String,
    value: Option<String>,
}

impl EnvVars {
    /// Adds a variable for every function (`function == None`) or one.
    ///
    /// # Panics
    ///
    /// When `name` is empty or holds `=` or NUL, or `value` holds NUL: the
    /// operating system cannot store such a variable.
    #[track_caller]
    pub(crate) fn push(&mut self, function: Option<&str>, name: &str, value: Option<&str>) {
        assert!(
            !name.is_empty() && !name.contains(['=', '\0']),
            "environment variable name {name:?} must be non-empty and hold neither `=` nor NUL"
        );
        if let Some(value) = value {
            assert!(
                !value.contains('\0'),
                "the value of environment variable {name} must not hold NUL"
            );
        }
        self.entries.push(Entry {
            function: function.map(str::to_string),
            name: name.to_string(),
            value: value.map(str::to_string),
        });
    }

    /// The variables a call of `function` sees, in the order to apply them:
    /// the ones for every function first, then the function's own, so that
    /// those override (as a stage's `lambda_functions` settings override the
    /// stage's in Chalice's config).
    fn for_function<'a>(&'a self, function: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        let general = self.entries.iter().filter(|e| e.function.is_none());
        let own = self
            .entries
            .iter()
            .filter(move |e| e.function.as_deref() == Some(function));
        general.chain(own)
    }

    /// Applies the variables for `function`, returning the guard that undoes
    /// them when dropped (also when the call's future is dropped half-way, or
    /// a panic unwinds through it). `None` when the client has no variables
    /// for that function: then nothing is locked.
    pub(crate) async fn apply(&self, function: &str) -> Option<Applied> {
        // Nothing to apply: no lock either.
        self.for_function(function).next()?;
        let lock = ENV_LOCK.lock().await;
        let mut previous: Vec<(String, Option<OsString>)> = Vec::new();
        for entry in self.for_function(function) {
            previous.push((entry.name.clone(), std::env::var_os(&entry.name)));
            match &entry.value {
                Some(value) => std::env::set_var(&entry.name, value),
                None => std::env::remove_var(&entry.name),
            }
        }
        Some(Applied {
            previous,
            _lock: lock,
        })
    }
}

/// Variables applied for one call; dropping it restores what was there.
#[derive(Debug)]
pub(crate) struct Applied {
    previous: Vec<(String, Option<OsString>)>,
    _lock: MutexGuard<'static, ()>,
}

impl Drop for Applied {
    fn drop(&mut self) {
        // In reverse, so that a name set twice ends up with its first
        // recorded value: the one from before the call.
        for (name, value) in self.previous.drain(..).rev() {
            match value {
                Some(value) => std::env::set_var(&name, value),
                None => std::env::remove_var(&name),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<F: std::future::Future>(fut: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(fut)
    }

    #[test]
    fn applies_in_order_and_restores_the_previous_values() {
        let name = "CHALICE_TESTING_ENV_UNIT_A";
        let other = "CHALICE_TESTING_ENV_UNIT_B";
        std::env::set_var(other, "before");
        let mut vars = EnvVars::default();
        vars.push(None, name, Some("general"));
        vars.push(Some("f"), name, Some("own"));
        vars.push(None, other, None);
        run(async {
            let applied = vars.apply("f").await;
            assert!(applied.is_some());
            assert_eq!(std::env::var(name).as_deref(), Ok("own"));
            assert!(std::env::var_os(other).is_none());
            drop(applied);
            assert!(std::env::var_os(name).is_none());
            assert_eq!(std::env::var(other).as_deref(), Ok("before"));

            let applied = vars.apply("g").await;
            assert_eq!(std::env::var(name).as_deref(), Ok("general"));
            drop(applied);
        });
        std::env::remove_var(other);
    }

    #[test]
    fn no_variables_take_no_lock() {
        run(async {
            let _held = ENV_LOCK.lock().await;
            // Would deadlock if an empty set of variables took the lock.
            assert!(EnvVars::default().apply("f").await.is_none());
        });
    }

    #[test]
    #[should_panic(expected = "must be non-empty")]
    fn rejects_names_the_os_cannot_store() {
        EnvVars::default().push(None, "A=B", Some("x"));
    }
}
