#!/usr/bin/env python3
"""Checks the declared minimum Rust versions against what the dependency tree needs.

    scripts/check-msrv.py

For each published crate and feature set below, every package in its normal
dependency tree (`cargo tree -e normal`) must declare a `rust-version` no newer
than the one the crate documents for that feature set: its `rust-version`, or
the newer version a feature says it needs. The machine has one toolchain, so
this reads the versions the dependencies declare rather than building with an
old compiler; clippy's `incompatible_msrv` lint
covers the standard library APIs our own code uses.
"""
import json
import re
import subprocess
import sys

def version(text):
    parts = [int(p) for p in re.findall(r"\d+", text)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def cargo_tree(package, features):
    args = ["cargo", "tree", "-p", package, "-e", "normal", "--prefix", "none",
            "--format", "{p}"] + features
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        m = re.match(r"(\S+) v(\S+)", line)
        if m:
            names.add((m.group(1), m.group(2)))
    return names


def main():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features"],
        check=True, capture_output=True, text=True).stdout)
    declared = {(p["name"], p["version"]): p.get("rust_version") for p in meta["packages"]}
    members = set(meta["workspace_members"])
    own = {p["name"]: p.get("rust_version") for p in meta["packages"] if p["id"] in members}
    # (crate, cargo tree flags, the rust-version it documents for them)
    checks = [
        ("chalice-events", [], own["chalice-events"]),
        ("chalice-events", ["--all-features"], own["chalice-events"]),
        ("chalice-testing", [], own["chalice-testing"]),
        ("chalice-testing", ["--no-default-features"], own["chalice-testing"]),
        ("chalice-app", [], own["chalice-app"]),
        ("chalice-app", ["--no-default-features"], own["chalice-app"]),
        # The AWS SDK behind `websocket-aws` needs a newer compiler; the
        # feature's documentation in chalice-app/Cargo.toml says which.
        ("chalice-app", ["--all-features"], websocket_aws_msrv()),
    ]
    failed = False
    for crate, flags, allowed in checks:
        worst = max(((declared.get(p) or "0", p) for p in cargo_tree(crate, flags)),
                    key=lambda x: version(x[0]))
        ok = version(worst[0]) <= version(allowed)
        print("%-16s %-22s needs rust %-6s (%s %s); documented %s: %s" % (
            crate, " ".join(flags) or "(default)", worst[0], worst[1][0], worst[1][1],
            allowed, "ok" if ok else "TOO OLD"))
        failed |= not ok
    sys.exit(1 if failed else 0)


def websocket_aws_msrv():
    with open("chalice-app/Cargo.toml") as f:
        m = re.search(r"AWS SDK itself needs a newer compiler.*?rustc (\d+(?:\.\d+)+)", f.read(), re.S)
    if not m:
        sys.exit("chalice-app/Cargo.toml: the `websocket-aws` feature must say which rustc it needs")
    return m.group(1)


if __name__ == "__main__":
    main()
