"""Shared test set-up: Qt offscreen (without it pytest dies with no message), benchmarks apart."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Benchmarks run with `make bench` only (SOHOI_BENCH=1), never in `make test`.
collect_ignore_glob = [] if os.environ.get("SOHOI_BENCH") else ["bench/*"]
