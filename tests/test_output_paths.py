"""`-o PATH` and every other file a command writes: only a regular file, or nothing, is ever
replaced; a device, FIFO, directory, socket or symbolic link is refused with nothing written."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from termbase.errors import TermbaseError
from termbase.formats import tbx

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY = FIXTURES / "lookup" / "glossary.tbx"
CHECK = FIXTURES / "check"
KINDS = ["fifo", "symlink", "dangling symlink", "directory", "socket", "/dev/null"]


def termbase(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "termbase", *args], capture_output=True,
                          cwd=cwd, timeout=300, stdin=subprocess.DEVNULL)


def special(tmp_path: Path, kind: str) -> Path:
    """A path of the kind asked for, beside a regular file «real.txt» a link may point to."""
    if kind == "/dev/null":
        return Path("/dev/null")
    real = tmp_path / "real.txt"
    real.write_text("keep me\n")
    path = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        path.symlink_to(real)
    elif kind == "dangling symlink":
        path.symlink_to(tmp_path / "absent")
    elif kind == "directory":
        path.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    return path


def what(path: Path) -> tuple:
    """What is at `path`, enough to tell that nothing replaced or changed it."""
    status = os.lstat(path)
    target = os.readlink(path) if stat.S_ISLNK(status.st_mode) else None
    return stat.S_IFMT(status.st_mode), status.st_ino, status.st_rdev, target


def assert_untouched(tmp_path: Path, path: Path, before: tuple, done) -> None:
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr
    assert what(path) == before
    if path.parent == tmp_path:
        assert (tmp_path / "real.txt").read_text() == "keep me\n"
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", KINDS)
def test_export_refuses_an_output_that_is_not_a_regular_file(tmp_path, kind):
    path = special(tmp_path, kind)
    before = what(path)
    done = termbase("export", "--format", "tbx", "-o", str(path), "-d", str(GLOSSARY),
                    cwd=tmp_path)
    assert_untouched(tmp_path, path, before, done)
    assert "refusing" in done.stderr.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_check_refuses_a_report_path_that_is_not_a_regular_file(tmp_path, kind):
    path = special(tmp_path, kind)
    before = what(path)
    done = termbase("check", "--lang", "en", str(CHECK / "en-alone.txt"), "-d",
                    str(CHECK / "glossary.tbx"), "-o", str(path), cwd=tmp_path)
    assert_untouched(tmp_path, path, before, done)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", [
    ["validate", str(FIXTURES / "docs" / "draft.tbx")],
    ["validate", "--format", "sarif", str(FIXTURES / "docs" / "draft.tbx")],
    ["show", "belarus", "-d", str(GLOSSARY.parent)],
    ["show", "belarus", "--format", "tbx", "-d", str(GLOSSARY.parent)],
])
def test_validate_and_show_refuse_an_output_that_is_not_a_regular_file(tmp_path, kind,
                                                                       command):
    path = special(tmp_path, kind)
    before = what(path)
    done = termbase(*command, "-o", str(path), cwd=tmp_path)
    assert_untouched(tmp_path, path, before, done)


@pytest.mark.parametrize("kind", ["symlink", "fifo", "/dev/null"])
def test_the_python_writers_refuse_too(tmp_path, kind):
    path = special(tmp_path, kind)
    before = what(path)
    with pytest.raises(TermbaseError, match="refusing"):
        tbx.write(tbx.read_all(GLOSSARY)[1], path)
    assert what(path) == before


def test_validate_fix_does_not_replace_a_symbolic_link(tmp_path):
    real = tmp_path / "real.tbx"
    shutil.copy(FIXTURES / "rules" / "planted.tbx", real)
    link = tmp_path / "link.tbx"
    link.symlink_to(real)
    before = (what(link), real.read_bytes())
    done = termbase("validate", "--fix", "link.tbx", cwd=tmp_path)
    assert done.returncode == 2 and "symbolic link" in done.stderr.decode()
    assert (what(link), real.read_bytes()) == before


def test_dash_is_standard_output(tmp_path):
    exported = termbase("export", "--format", "tbx", "-o", "-", "-d", str(GLOSSARY),
                        cwd=tmp_path)
    assert exported.returncode == 0 and exported.stdout.startswith(b"<?xml")
    checked = termbase("check", "--lang", "en", str(CHECK / "en-alone.txt"), "-d",
                       str(CHECK / "glossary.tbx"), "-o", "-", cwd=tmp_path)
    assert checked.returncode == 1 and b"T10" in checked.stdout
    assert list(tmp_path.iterdir()) == []  # no file named «-»
