"""The installed package (a wheel, not the checkout) finds its catalogs and runs its CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

# builds a wheel with pip and installs it into a fresh folder
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    return next(out.glob("zpd_assess-*.whl"))


def test_the_wheel_carries_every_catalog_and_the_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for catalog_file in ("topics.csv", "channels.csv", "questions.csv", "assumptions.csv",
                         "inventory_template_he.xlsx"):  # fmt: skip
        assert f"zpd_assess/templates/{catalog_file}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "zpd-assess = zpd_assess.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_the_installed_package_loads_its_catalogs_away_from_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import zpd_assess, zpd_assess.catalog as c;"
        "assert 'site' in zpd_assess.__file__, zpd_assess.__file__;"
        "cat = c.load_catalog(); print(c.default_catalog_dir(), len(cat.questions))"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path,
                          capture_output=True, text=True, check=True)  # fmt: skip
    folder, count = proc.stdout.split()
    assert folder.startswith(str(target)) and int(count) >= 150
