"""Ace by DAISY finds no accessibility violation, of any severity, in the EPUBs we build.

Every EPUB claims EPUB Accessibility 1.1 at WCAG 2.1 Level AA (``dcterms:conformsTo``); the
claim stands on these tests and on EPUBCheck (tests/test_build_epub.py, test_anthology.py).
Ace is installed by scripts/test-deps.sh; outside CI the tests skip when it is missing.
"""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import assert_ace_clean, assert_epubcheck_clean, build_book
from kindle_lint import CHECKS, Epub

from pamphlets.writers.epub import CONFORMS_TO

RUSSIAN = """\
---
title: Типография на кухне
subtitle: Заметки о ночной печати
author: Вера Бумажкина
lang: ru
---

Мы печатаем брошюры ночью, когда копировальный центр пустеет. Бумага дешёвая, а мысли
дорогие и требуют аккуратного переплёта.[^1]

## Сгиб

Каждый лист, сложенный один раз, несёт четыре страницы. Сложенный дважды, он несёт
восемь, и тогда порядок страниц надо продумать заранее.

## Раздача

Брошюру отдают из рук в руки: на собрании, у входа в библиотеку, на остановке.

[^1]: Переплёт здесь — это скрепка или нитка, не больше.
"""


@pytest.mark.slow
def test_sampler_passes_ace(sampler, tmp_path):
    assert_ace_clean(sampler.outputs["epub"], tmp_path / "ace")


@pytest.fixture(scope="module")
def russian(tmp_path_factory):
    folder = tmp_path_factory.mktemp("russian")
    essay = folder / "kitchen.md"
    essay.write_text(RUSSIAN, encoding="utf-8")
    result = build_book([essay], folder / "out", "--title", "Кухонная типография",
                        "--format", "epub")
    assert result.exit_code == 0, result.output
    return next((folder / "out").glob("*.epub"))


@pytest.mark.slow
def test_russian_book_passes_ace_and_epubcheck(russian, tmp_path):
    assert_ace_clean(russian, tmp_path / "ace")
    assert_epubcheck_clean(russian)


def test_russian_book_is_labelled_russian_and_kindle_safe_otherwise(russian):
    """Russian is not among Amazon's eBook languages; the book says what it is rather than
    pass for another language, and every other Kindle check holds."""
    book = Epub(russian)
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    others = [p for check in CHECKS if check.__name__ != "check_language" for p in check(book)]
    assert others == []


@pytest.mark.slow
def test_conformance_is_claimed_without_a_certifier(sampler):
    with zipfile.ZipFile(sampler.outputs["epub"]) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    assert opf.xpath("//opf:meta[@property='dcterms:conformsTo']/text()", namespaces=ns) \
        == [CONFORMS_TO]
    assert not opf.xpath("//opf:meta[starts-with(@property, 'a11y:')]", namespaces=ns)
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
