"""The Qt face of gmdesk. Only this package imports PySide6."""
