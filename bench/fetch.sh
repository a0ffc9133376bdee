#!/usr/bin/env bash
# The fetch benchmark: 500 services behind a fake API with 50 ms latency, concurrency 16.
# Prints one line comparing wall time with the concurrency-bound minimum, then criterion's
# statistics. The numbers go to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked --bench fetch -- --noplot 2>&1 | grep -E "fetch of|time:|fetch/"
