#!/usr/bin/env python3
"""Prints the features a crate of the workspace declares, one a line, for CI's
one-feature-at-a-time checks: scripts/features.py CRATE."""
import json
import subprocess
import sys

meta = json.loads(subprocess.run(["cargo", "metadata", "--no-deps", "--format-version", "1"],
                                 check=True, capture_output=True, text=True).stdout)
crate = next(p for p in meta["packages"] if p["name"] == sys.argv[1])
for name in sorted(crate["features"]):
    if name != "default":
        print(name)
