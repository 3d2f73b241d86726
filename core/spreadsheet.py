"""What goes into a cell of a CSV file that people open in a spreadsheet program."""


def csv_cell(value):
    """Return a CSV cell, escaping text a spreadsheet would run as a formula (= + - @, tab, carriage return).

    A spreadsheet program runs a cell that starts with one of these as a
    formula (CSV injection, OWASP); a leading apostrophe makes it plain text.
    """
    if value is None:
        return ""
    if isinstance(value, list):
        value = " ".join(str(item) for item in value)
    text = str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text
