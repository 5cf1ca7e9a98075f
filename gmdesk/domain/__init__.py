"""Pure rules of the domain: no Qt, no SQL, no files. Every rule takes "today" as a parameter."""
