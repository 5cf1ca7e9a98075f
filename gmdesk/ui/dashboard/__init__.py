from gmdesk.ui.dashboard.tab import DashboardTab

__all__ = ["DashboardTab"]
