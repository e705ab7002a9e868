"""Shared test helpers: the official schemas and the real-client harnesses in ../shared.

A fresh clone has no ../shared beside it; the tests that need it skip and say why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("TERMBASE_SHARED", ROOT.parent / "shared")).resolve()
STANDARDS = SHARED / "standards"
CLIENTS = SHARED / "clients"

# The harnesses keep their virtualenv and compiled OmegaT probe here (../shared is read-only).
os.environ.setdefault("CLIENTS_STATE", str(Path.home() / ".cache" / "termbase-clients"))
# Lookup indexes go to a throw-away cache, not the user's.
os.environ.setdefault("TERMBASE_CACHE_DIR", tempfile.mkdtemp(prefix="termbase-test-cache-"))
# lxml resolves the schemas' remote references through the catalog, offline.
os.environ.setdefault("XML_CATALOG_FILES", str(STANDARDS / "catalog.xml"))


def need_standards() -> Path:
    if not STANDARDS.is_dir():
        pytest.skip(f"official schemas not available: {STANDARDS} is missing "
                    "(set TERMBASE_SHARED to the shared/ folder)")
    return STANDARDS


def run_client(harness: str, path: Path, *args: str) -> dict:
    """Run a ../shared/clients harness on `path`; the JSON it prints of what it understood.

    Skips when the harness or its program is not installed (exit status 2).
    """
    script = CLIENTS / harness
    if not script.exists():
        pytest.skip(f"client harness {harness} not available ({CLIENTS} is missing)")
    command = ["perl", str(script)] if harness.endswith(".pl") else ["python3", str(script)]
    done = subprocess.run([*command, str(path), *args], capture_output=True, text=True,
                          timeout=600)
    if done.returncode == 2:
        pytest.skip(f"{harness}: client not installed ({done.stderr.strip()[-300:]}); "
                    f"run {CLIENTS}/setup.sh")
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"{harness} printed no JSON (rc {done.returncode}): "
                             f"{done.stdout[-500:]} {done.stderr[-500:]}") from None
    result["returncode"] = done.returncode
    return result


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def chromium():
    """Headless Debian Chromium driven by selenium, with no network; skips when absent."""
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        pytest.skip("Debian chromium and chromium-driver are not installed (.ci/run installs "
                    "them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
