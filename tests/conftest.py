"""Shared test set-up: Qt offscreen (without it pytest dies with no message), benchmarks apart."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The log of in-process runs goes to a throwaway folder, not the developer's own.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="sohoi-test-state-")

# Benchmarks run with `make bench` only (SOHOI_BENCH=1), fuzz targets with `make check` only
# (SOHOI_FUZZ=1): never in `make test`.
collect_ignore_glob = [] if os.environ.get("SOHOI_BENCH") else ["bench/*"]
if not os.environ.get("SOHOI_FUZZ"):
    collect_ignore_glob.append("fuzz/*")
