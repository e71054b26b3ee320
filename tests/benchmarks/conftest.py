"""The benchmarks are scripts run by ``python3 tests/benchmarks/run.py``, never pytest tests."""

collect_ignore_glob = ["*"]
