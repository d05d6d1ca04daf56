"""Templates and styles also work from an installed wheel, away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS


@pytest.mark.slow
def test_wheel_builds_a_booklet(tmp_path):
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT),
                            "-w", str(wheel_dir)], capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-200:]}")
    wheel = next(wheel_dir.glob("pamphlets-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, timeout=600)
    env = dict(os.environ, PYTHONPATH=str(target))
    where = subprocess.run([sys.executable, "-c", "import pamphlets.resources as r; "
                            "print(r.templates_dir()); print(r.styles_dir())"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert all(line.startswith(str(target)) for line in where.stdout.split())
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "pamphlets", "build", str(SEEDS / "sampler.toml"),
                          "--out-dir", str(out)], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert (out / "paper-and-persuasion.pdf").stat().st_size > 10_000
    assert (out / "paper-and-persuasion.epub").stat().st_size > 10_000
    # the bookbuilder finds its templates and its static files in the installed package
    page = subprocess.run([sys.executable, "-W", "ignore", "-c",
                           "import sys; from starlette.testclient import TestClient; "
                           "from pamphlets.web import create_app; "
                           "c = TestClient(create_app(sys.argv[1]), base_url='http://127.0.0.1'); "
                           "print(c.get('/').status_code, c.get('/static/app.js').status_code, "
                           "'>Build</button>' in c.get('/').text)", str(SEEDS)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert page.stdout.split() == ["200", "200", "True"], page.stderr
