"""Where the glossary and translation memory are: the user's project first, else shipped data."""

from __future__ import annotations

from pathlib import Path

DATA_FOLDERS = ("glossary", "tm")
_PACKAGE = Path(__file__).resolve().parent


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder, from `start` upwards, holding a `glossary/` or `tm/` folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / name).is_dir() for name in DATA_FOLDERS):
            return folder
    return None


def shipped_root() -> Path:
    """The glossary and TM installed with the package (a source checkout keeps them at its top)."""
    installed = _PACKAGE / "data"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent


def data_paths(start: Path | None = None) -> list[Path]:
    """The `glossary/` and `tm/` folders the commands work on by default."""
    root = project_root(start) or shipped_root()
    return [root / name for name in DATA_FOLDERS if (root / name).is_dir()]
