import os
from pathlib import Path

import pytest

from brochure import outputs
from brochure.errors import OutputError


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path):
    target = tmp_path / "out" / "a.pdf"
    outputs.write_atomic(target, b"one")
    outputs.write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "a.pdf"
    outputs.write_atomic(target, b"previous")

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError) as err:
        outputs.write_atomic(target, b"new")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]
    assert "No space left" in str(err.value) and str(target) in str(err.value)


def test_unwritable_folder_is_an_output_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        outputs.write_atomic(blocker / "a.pdf", b"x")


def test_stale_temporary_files_are_removed_fresh_ones_kept(tmp_path: Path):
    old = tmp_path / ".a.pdf.x1.tmp"
    fresh = tmp_path / ".a.pdf.x2.tmp"
    final = tmp_path / "a.pdf"
    for path in (old, fresh, final):
        path.write_bytes(b"x")
    os.utime(old, (1, 1))
    os.utime(final, (1, 1))
    assert outputs.clean_stale(tmp_path) == [old]
    assert fresh.exists() and final.exists()
