"""Word and Excel rendering. No Qt and no SQL: functions take plain data and write files."""
