"""Say what usually causes a YAML syntax error, and how to fix it, with the line in question."""

from __future__ import annotations

import re

import yaml

Found = tuple[int, int, str]  # line, column, message

# `key:value`: a key and its value with no space between (not a URL's `https://`).
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):([^\s/].*)$")
# `key: value` whose value holds a colon and a space of its own.
_COLON_IN_VALUE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w-]*):\s+([^\"'\s|>].*?:\s.*)$")
_AFTER_QUOTE = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s*([\"']).*?\1\s*\S")
SHOWN = 60  # characters of the line a message shows


def explain(error: yaml.MarkedYAMLError, text: str) -> Found:
    """Return the line, column and message for YAML syntax `error` in `text`."""
    lines = text.splitlines() or [""]
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    line = min(line, len(lines))
    reason = error.problem or error.context or "malformed YAML"
    line, column, message = _cause(error, lines, line) or (line, column, reason)
    shown = lines[line - 1].strip()
    shown = shown if len(shown) <= SHOWN else shown[:SHOWN] + "…"
    return line, column, f"malformed YAML: {message}" + (f" (the line: {shown})" if shown else "")


def _cause(error: yaml.MarkedYAMLError, lines: list[str], line: int) -> Found | None:
    """Return where the usual cause of `error` stands and how to fix it, if it has one."""
    problem, context = error.problem or "", error.context or ""
    if "quoted scalar" in context and "end of stream" in problem and error.context_mark:
        row, column = error.context_mark.line, error.context_mark.column
        quote = lines[row][column] if row < len(lines) and column < len(lines[row]) else '"'
        message = f"the quote {quote} opened here is never closed: end the value with {quote}"
        return row + 1, column + 1, message
    if "cannot start any token" in problem and "\t" in lines[line - 1]:
        column = lines[line - 1].index("\t") + 1
        return line, column, "a tab: YAML indents with spaces; replace the tab with spaces"
    keyed = "mapping values" in problem or "expected ':'" in problem
    depth = _indent(lines[line - 1])
    for number, text in enumerate(lines[:line] if keyed else [], 1):  # or on a line above
        if _indent(text) <= depth and (no_space := _NO_SPACE.match(text)):
            fix = f"{no_space[1]}: {no_space[2]}"
            return number, text.index(":") + 2, f"no space after the colon: write {fix}"
    if "mapping values" in problem and (quoted := _COLON_IN_VALUE.match(lines[line - 1])):
        key, value = quoted[1].strip(), quoted[2].replace("\\", "\\\\").replace('"', '\\"')
        message = f'a value holding ": " must be in quotes: write {key}: "{value}"'
        return line, len(quoted[1]) + 3, message
    above = next((t for t in reversed(lines[: line - 1]) if t.strip()), "")
    if "mapping values" in problem and above and _indent(lines[line - 1]) > _indent(above):
        message = "this line is indented more than the one above: line its key up with theirs"
        return line, 1, message
    if "expected key" in problem and _AFTER_QUOTE.match(lines[line - 1]):
        message = "text after the closing quote: put the whole value in quotes"
        return line, (error.problem_mark.column + 1 if error.problem_mark else 1), message
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
