"""Dragging a planned post between days: the MIME type every calendar view speaks."""

from __future__ import annotations

from PySide6.QtCore import QMimeData

POST_MIME = "application/x-gmdesk-post"


def post_mime(post_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(POST_MIME, str(post_id).encode())
    return mime


def post_id_from(mime: QMimeData) -> int | None:
    if not mime.hasFormat(POST_MIME):
        return None
    try:
        return int(bytes(mime.data(POST_MIME).data()).decode())
    except ValueError:
        return None
