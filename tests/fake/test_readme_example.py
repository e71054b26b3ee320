"""The generated README's pytest example runs under pytest, as a team would run it."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CODE_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_generated_readme_pytest_example_passes(tmp_path: Path) -> None:
    readme = (ROOT / "generated" / "README.md").read_text(encoding="utf-8")
    (example,) = [b for b in CODE_BLOCK.findall(readme) if "run with pytest" in b]
    test_file = tmp_path / "test_with_fake.py"
    test_file.write_text(example, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout


def test_the_repository_readme_fake_example_prints_what_it_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = [b for b in CODE_BLOCK.findall(readme) if "AssociationsFake(" in b]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(example, "<README example>", "exec"), {"__name__": "__readme__"})
    printed = output.getvalue().strip()
    assert printed == example.rpartition("# ")[2].strip() == "1 1 3"
