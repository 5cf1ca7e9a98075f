"""Dialogs of the 工具 menu: holidays, rule profiles, restore."""
