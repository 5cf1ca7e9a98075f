from gmdesk.ui.report.tab import ReportTab

__all__ = ["ReportTab"]
