"""Rendering the Word templates of ``forms/`` (docxtpl: Jinja tags inside a real .docx).

A template in the user's data folder overrides the packaged one (gmdesk.paths.template_path). Every string
of the context is cleaned of characters XML forbids and ``None`` prints as an empty string, so a form never
shows "None" and never breaks on a stray control character from an imported name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from gmdesk.documents.atomic import atomic_output
from gmdesk.documents.safe_text import clean_text
from gmdesk.documents.word import set_chinese_language


def clean_context(value: Any) -> Any:
    """The context with every text cleaned and None turned into ""; dicts and lists are walked."""
    if value is None:
        return ""
    if isinstance(value, str):
        label = getattr(value, "label", None)
        return clean_text(label if isinstance(label, str) else value)
    if isinstance(value, dict):
        return {key: clean_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_context(item) for item in value]
    return value


def render_template(template: Path, context: dict[str, Any], target: Path | str) -> Path:
    """Render ``template`` with ``context`` to ``target`` atomically."""
    document = DocxTemplate(str(template))
    document.render(clean_context(context), autoescape=True)
    set_chinese_language(
        document.docx
    )  # also for an office's template first saved by a Japanese-default Word
    with atomic_output(target) as temporary:
        document.save(str(temporary))
    return Path(target)
