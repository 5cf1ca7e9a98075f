"""gmdesk — 政务新媒体工作台 (a desktop desk for a county office's government new-media accounts)."""

__version__ = "0.1.0"
APP_NAME = "gmdesk"
APP_TITLE = "政务新媒体工作台"
