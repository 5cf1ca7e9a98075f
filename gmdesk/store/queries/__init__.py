"""All queries live here, one module per area, as typed functions that take a Session.

Services call these; tabs and commands call services and never build SQL themselves.
"""
