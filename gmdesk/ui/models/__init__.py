"""Item models shared by the tabs."""
