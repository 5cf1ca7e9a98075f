"""整改台账: the panel the 年度自查 tab embeds as its page "整改台账"."""

from gmdesk.ui.rectification.panel import RectificationPanel

__all__ = ["RectificationPanel"]
