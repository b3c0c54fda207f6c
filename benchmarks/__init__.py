"""Measured speed and memory figures quoted in README. Run `python -m benchmarks` (add `--json` for JSON)."""
