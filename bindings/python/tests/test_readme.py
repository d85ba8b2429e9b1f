"""Every ``python`` block of the package's README runs, in order, in one namespace (later
blocks use what earlier ones define, as a reader would type them)."""
import contextlib
import io
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def blocks(text):
    return [(lang, body) for lang, body in FENCE.findall(text)]


def test_the_fence_reader_finds_each_block():
    text = "a\n```python\nx = 1\n```\n\n```sh\nls\n```\n"
    assert blocks(text) == [("python", "x = 1\n"), ("sh", "ls\n")]


def test_every_python_block_runs():
    python = [body for lang, body in blocks(README.read_text(encoding="utf-8")) if lang == "python"]
    assert len(python) >= 4, "the README's examples are python blocks"
    namespace = {"__name__": "readme"}
    out = io.StringIO()
    for i, body in enumerate(python):
        if body.startswith("# not run here:"):
            continue  # the line says where the example does run
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(body, f"README.md python block {i + 1}", "exec"), namespace)
        except Exception as e:  # pragma: no cover - the message is the point
            pytest.fail(f"README python block {i + 1} failed: {e!r}\n{body}")
    printed = out.getvalue()
    # What the comments promise is what the blocks print.
    assert "True () 2026-04-01 ('customer', 'legal', 'pr')" in printed, printed
    assert "('advocates', 1, 'nps') out_of_range 11" in printed, printed
    assert "('advocates', 1, 'customer_since') invalid_date 2020-02-30" in printed, printed
    assert "adv-1 15000.00\nadv-2 15000.00\n1.0 0.0" in printed, printed
    assert "[('influenced_share', 1, 2)]" in printed, printed
