from gmdesk.ui.accounts.tab import AccountsTab

__all__ = ["AccountsTab"]
