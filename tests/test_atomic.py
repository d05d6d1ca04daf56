"""atomic_write: the target changes all at once or not at all."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from pamphlets import atomic
from pamphlets.atomic import atomic_write, atomic_write_bytes, atomic_write_text
from pamphlets.errors import BuildError, PamphletError

OLD = b"%PDF-old\x00\xff bytes that must survive\n"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "book.pdf"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "book.pdf")


def test_success_replaces_the_file(target):
    with atomic_write(target) as temp:
        assert temp.parent == target.parent
        assert temp.name.startswith(".") and temp.name != target.name
        temp.write_bytes(b"new")
        assert target.read_bytes() == OLD  # nothing visible before the end
    assert target.read_bytes() == b"new"
    assert leftovers(target.parent) == []


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_mid_write_keeps_the_old_file(target, exc):
    with pytest.raises(type(exc)):
        with atomic_write(target) as temp:
            with open(temp, "wb") as handle:
                handle.write(b"half a PD")
                raise exc
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_failure_without_an_old_file_leaves_nothing(tmp_path):
    path = tmp_path / "new.epub"
    with pytest.raises(ValueError):
        with atomic_write(path) as temp:
            temp.write_bytes(b"partial")
            raise ValueError
    assert list(tmp_path.iterdir()) == []


def test_other_os_errors_from_the_caller_pass_through(target):
    with pytest.raises(FileNotFoundError):
        with atomic_write(target):
            raise FileNotFoundError(errno.ENOENT, "an input went missing")
    assert target.read_bytes() == OLD and leftovers(target.parent) == []


def test_disk_full_is_a_build_error(target):
    with pytest.raises(BuildError) as info:
        with atomic_write(target) as temp:
            temp.write_bytes(b"some")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert "disk is full" in str(info.value) and info.value.hint
    assert target.read_bytes() == OLD and leftovers(target.parent) == []


def test_disk_full_in_write_bytes(target, monkeypatch):
    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(BuildError, match="disk is full"):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == OLD and leftovers(target.parent) == []


def test_output_folder_is_a_file(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_bytes(b"i am a file")
    with pytest.raises(BuildError) as info:
        atomic_write_bytes(blocker / "book.pdf", b"x")
    error = info.value
    assert isinstance(error, PamphletError)
    assert "is a file" in error.what and error.hint and error.path == str(blocker)
    assert blocker.read_bytes() == b"i am a file"
    with pytest.raises(BuildError, match="is a file"):
        atomic_write_bytes(blocker / "deeper" / "book.pdf", b"x")


def test_missing_output_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "book.txt"
    atomic_write_text(path, "héllo\n")
    assert path.read_bytes() == "héllo\n".encode()


def test_unwritable_folder_is_a_build_error(target, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "open", denied)
    with pytest.raises(BuildError) as info:
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert "permission" in str(info.value) and info.value.hint
    assert target.read_bytes() == OLD and leftovers(target.parent) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_folder_really(target):
    target.parent.chmod(0o555)
    try:
        with pytest.raises(BuildError, match="permission"):
            atomic_write_bytes(target, b"new")
    finally:
        target.parent.chmod(0o755)
    assert target.read_bytes() == OLD


def test_target_is_a_folder(tmp_path):
    (tmp_path / "book.pdf").mkdir()
    (tmp_path / "book.pdf" / "keep").write_text("x")
    with pytest.raises(BuildError, match="folder is in the way"):
        atomic_write_bytes(tmp_path / "book.pdf", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf"]


def test_existing_permissions_are_kept(target):
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
