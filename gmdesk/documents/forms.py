"""The account forms as Word files: 新媒体平台开设申请表 and 新媒体平台备案登记表 (templates in ``forms/``).

A template in the user's data folder overrides the packaged one (``gmdesk.paths.template_path``); rendering
goes through ``render_template`` (clean text, None → "", atomic write). Several forms become one document
for printing in one go by appending their bodies, each starting on a new page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gmdesk.documents.templates import render_template
from gmdesk.documents.word import save_document
from gmdesk.paths import template_path

APPLICATION_TEMPLATE = "application_form.docx"
FILING_TEMPLATE = "filing_form.docx"
APPLICATION_TITLE = "新媒体平台开设申请表"
FILING_TITLE = "新媒体平台备案登记表"


def render_application(context: dict[str, Any], target: Path | str) -> Path:
    return render_template(template_path(APPLICATION_TEMPLATE), context, target)


def render_filing(context: dict[str, Any], target: Path | str) -> Path:
    return render_template(template_path(FILING_TEMPLATE), context, target)


def merge_documents(
    parts: Sequence[Path], target: Path | str, progress: Callable[[int, int], None] | None = None
) -> Path:
    """One document holding every part in order, each part starting on a new page.

    The parts come from the same template, so they share styles and the bodies can simply be appended
    (forms hold no pictures or other related parts).
    """
    if not parts:
        raise ValueError("没有可合并的文档")
    merged = Document(str(parts[0]))
    body = merged.element.body
    section = body.find(qn("w:sectPr"))
    for number, part in enumerate(parts[1:], start=2):
        children = [c for c in Document(str(part)).element.body.iterchildren() if c.tag != qn("w:sectPr")]
        for index, child in enumerate(children):
            element = deepcopy(child)
            if index == 0:
                if element.tag == qn("w:p"):
                    properties = element.find(qn("w:pPr"))
                    if properties is None:
                        properties = OxmlElement("w:pPr")
                        element.insert(0, properties)
                    # schema order: pStyle, keepNext, keepLines, pageBreakBefore, … (Word rejects others)
                    leading = [
                        c
                        for c in properties
                        if c.tag in (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"))
                    ]
                    properties.insert(len(leading), OxmlElement("w:pageBreakBefore"))
                else:
                    page = OxmlElement("w:p")
                    run = OxmlElement("w:r")
                    brk = OxmlElement("w:br")
                    brk.set(qn("w:type"), "page")
                    run.append(brk)
                    page.append(run)
                    _insert(body, section, page)
            _insert(body, section, element)
        if progress is not None:
            progress(number, len(parts))
    return save_document(merged, target)


def _insert(body: Any, section: Any, element: Any) -> None:
    if section is not None:
        section.addprevious(element)
    else:
        body.append(element)
