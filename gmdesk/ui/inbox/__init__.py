from gmdesk.ui.inbox.tab import InboxTab

__all__ = ["InboxTab"]
