//! `retain_heap` keeps the memory an invocation frees in the process.
//!
//! Without a test harness: what it changes is how glibc trims the heap of
//! the main thread, where `run` serves Lambda invocations (a harness would
//! run the test on a thread of its own, whose heap glibc trims otherwise).
//! Checked where glibc is the allocator.

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    memory_one_invocation_frees_stays_for_the_next();
}

/// The process's resident memory in KiB, from `/proc/self/status`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok());
    let Some(kib) = kib else {
        panic!("no VmRSS in /proc/self/status: {status:?}");
    };
    kib
}

/// What an invocation that reads a large JSON body does to the heap: about
/// 3 MiB in small blocks, written, then freed together. The resident memory
/// in KiB while they are held and once they are freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn invocation() -> (u64, u64) {
    let blocks: Vec<Box<[u8]>> = (0..3000u32)
        .map(|i| vec![i.to_le_bytes()[0]; 1000].into_boxed_slice())
        .collect();
    let held = resident_kib();
    drop(std::hint::black_box(blocks));
    (held, resident_kib())
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn memory_one_invocation_frees_stays_for_the_next() {
    // By default glibc hands the freed top of the heap back to the kernel.
    let (held, freed) = invocation();
    assert!(
        held.saturating_sub(freed) > 2048,
        "without retain_heap the heap is trimmed: {held} KiB held, {freed} KiB once freed"
    );
    chalice_app::retain_heap();
    let (held, freed) = invocation();
    assert!(
        held.saturating_sub(freed) < 512,
        "with retain_heap the memory stays: {held} KiB held, {freed} KiB once freed"
    );
}
