"""Use cases shared by the GUI and the CLI. Each function takes a Session (one unit of work)."""
