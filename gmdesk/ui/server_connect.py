"""文件 › 连接到服务器数据库…: the address of a shared PostgreSQL database and its password.

The address (``postgresql+psycopg://用户名@服务器:端口/数据库名``) is kept in the window settings without a
password; a password typed in the address or asked here goes to ``PGPASSWORD`` of this process only (libpq
reads it), so it is never written to disk. A pgpass file or a PGPASSWORD already set needs no asking.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from gmdesk.ui import dialogs

SETTING = "server/url"
EXAMPLE = "postgresql+psycopg://gmdesk@服务器地址:5432/gmdesk"


def split_password(text: str) -> tuple[str, str | None]:
    """(the address without a password, the password typed in it or None); ValueError for a bad address."""
    from sqlalchemy.engine import make_url

    parsed = make_url(text.strip())
    if parsed.get_backend_name() != "postgresql" or not parsed.host or not parsed.database:
        raise ValueError(f"地址应为 {EXAMPLE} 的形式：postgresql、服务器地址和数据库名都要写上。")
    password = parsed.password
    plain = parsed._replace(password=None).render_as_string(hide_password=False)  # (.set ignores None)
    return plain, (str(password) if password is not None else None)


def ask_server(parent: QWidget) -> str | None:
    """The address to open (without its password), or None if the clerk cancelled."""
    settings = QSettings()
    text = str(settings.value(SETTING, "") or "")
    while True:
        text, ok = QInputDialog.getText(
            parent,
            "连接到服务器数据库",
            f"服务器数据库的地址（由管理员提供），例如：\n{EXAMPLE}",
            QLineEdit.EchoMode.Normal,
            text,
        )
        if not ok or not text.strip():
            return None
        try:
            url, password = split_password(text)
        except Exception as error:  # make_url's own errors for text that is no address at all
            dialogs.warn(
                parent,
                "地址有误",
                str(error)
                if isinstance(error, ValueError)
                else f"无法识别这个地址。地址应为 {EXAMPLE} 的形式。",
            )
            continue
        break
    settings.setValue(SETTING, url)  # never the password
    if password is None and not os.environ.get("PGPASSWORD"):
        password, ok = QInputDialog.getText(
            parent,
            "连接到服务器数据库",
            "数据库密码（只在本次运行中使用，不保存；已配置 pgpass 文件时直接点确定）：",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
    if password:
        os.environ["PGPASSWORD"] = password
    return url
