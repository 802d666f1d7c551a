def typed(value: str | None) -> str:
    """Text as the person typed it, before any length check: trimmed, and with each line break
    counted once. Browsers count a line break as one character against `maxlength` but send two
    (CR LF), so without this a comment that fitted the form could fail the server's limit."""
    return (value or "").replace("\r\n", "\n").strip()
