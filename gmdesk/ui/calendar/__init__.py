from gmdesk.ui.calendar.tab import CalendarTab

__all__ = ["CalendarTab"]
