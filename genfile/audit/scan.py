"""How BuildKit's parser groups a Dockerfile's lines into instructions, without parsing them.

BuildKit's parser is the truth about a Dockerfile (:mod:`genfile.audit.parse` calls it), with
two blind spots genfile covers here. It takes time quadratic in the length of a word it reads
character by character and in the number of lines one instruction joins (continuation lines,
heredocs), so a hostile file of a megabyte keeps it busy for minutes; and when it fails, it
does not say on which line. This module mirrors how BuildKit splits a file into instructions
(parser directives, the escape character, continuation and comment lines, heredocs; see
moby/buildkit frontend/dockerfile/parser/parser.go), in one pass, so genfile can estimate that
cost before calling the parser and can find the instruction a parse error is about by parsing
pieces of the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Go's unicode.IsSpace: what BuildKit trims around lines and instructions.
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# bufio.Scanner's limit: BuildKit refuses a line longer than this (in bytes, without the \n).
MAX_LINE_BYTES = 65535

_DIRECTIVE = re.compile(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")
_DIRECTIVES = frozenset({"escape", "syntax"})  # what this BuildKit knows; another name ends them
_COMMAND_SPLIT = re.compile(r"[\t\v\f\r ]+")
_HEREDOC_WORD = re.compile(r"\d*<<(-?)([^<]*)\Z")
_HEREDOC_COMMANDS = frozenset({"add", "copy", "run"})
# Instructions whose arguments BuildKit reads word by word without re-copying each character
# (only their leading --flags are read that way); every other instruction's words count.
_LINEAR_COMMANDS = frozenset(
    {"cmd", "entrypoint", "expose", "from", "healthcheck", "maintainer", "shell", "stopsignal", "user"}
    | {"volume", "workdir"}
)
_LONG = 64  # words shorter than this cost too little to count


def _words_pattern(escape: str) -> re.Pattern[str]:
    """Words as BuildKit's character-by-character readers see them: split on ASCII whitespace
    outside quotes; an escaped character, a quoted string (closed or running to the end) and
    a lone quote all stay in the word."""
    e = re.escape(escape)
    return re.compile(rf"""(?:[^\t\n\v\f\r "'{e}]|{e}.|{e}\Z|"(?:[^"{e}]|{e}.|{e}\Z)*"?|'[^']*'?)+""", re.S)


_WORDS = {escape: _words_pattern(escape) for escape in ("\\", "`")}
_SPACE_CLASS = re.escape(GO_SPACE)
_SHELL_UNIT = "|".join((rf"[^{_SPACE_CLASS}\\'\"]", r"\\[\s\S]?", r"'[^']*'", r'"(?:[^"\\]|\\[\s\S])*"'))
_SHELL_WORD = re.compile(rf"(?:{_SHELL_UNIT})+")
_UNBROKEN = re.compile(rf"[^\t\n\v\f\r ]{{{_LONG},}}")


@dataclass(frozen=True)
class Span:
    """One instruction as BuildKit will read it: its first and last line (1-based, as in
    BuildKit's start_line/end_line) and what reading it costs."""

    start: int
    end: int
    concat: int  # lines joined × bytes: BuildKit appends each line to a growing string
    words: int  # sum of the squared lengths of the words it reads character by character
    longest: int  # the longest such word


@dataclass(frozen=True)
class Layout:
    """A Dockerfile split the way BuildKit splits it."""

    source: str = field(repr=False)
    lines: list[str] = field(repr=False)  # split on \n only, as BuildKit's scanner does
    offsets: list[int] = field(repr=False)  # where each line starts (and, last, the text's end)
    header: int  # leading parser-directive lines
    escape: str
    spans: tuple[Span, ...]
    too_long: int | None  # the first line longer than BuildKit accepts (1-based)
    directive_error: int | None  # a bad or repeated parser directive (1-based)

    def text(self, first: int, last: int) -> str:
        """Lines ``first``..``last`` (1-based, inclusive) with their newlines."""
        return self.source[self.offsets[first - 1] : self.offsets[last]]


def scan(text: str) -> Layout:
    """Split ``text`` into BuildKit's instructions in one pass over its lines."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # a final \n ends the last line, it does not start another
    offsets = [0]
    position = 0
    for line in lines:
        position += len(line) + 1
        offsets.append(position)
    offsets[-1] = min(offsets[-1], len(text))
    escape, header, directive_error = _directives(lines)
    spans = []
    for start, end, logical, bodies in _group(lines, 0, len(lines), escape, heredocs=True):
        total, longest = _word_cost(logical, escape)
        for first, last in bodies:
            # Were BuildKit to read a heredoc's lines as instructions, their words would count:
            # counting them keeps the estimate an upper bound even where genfile's reading of
            # a heredoc marker differs from BuildKit's.
            for _, _, inner, _ in _group(lines, first, last, escape, heredocs=False):
                cost, long_word = _word_cost(inner, escape)
                total, longest = total + cost, max(longest, long_word)
        size = offsets[end] - offsets[start - 1]
        spans.append(Span(start, end, (end - start + 1) * size, total, longest))
    too_long = next(
        (
            number
            for number, line in enumerate(lines, 1)
            if len(line) * 4 > MAX_LINE_BYTES and _bytes(line) > MAX_LINE_BYTES
        ),
        None,
    )
    return Layout(text, lines, offsets, header, escape, tuple(spans), too_long, directive_error)


def _group(
    lines: list[str], index: int, stop: int, escape: str, *, heredocs: bool
) -> Iterator[tuple[int, int, str, list[tuple[int, int]]]]:
    """BuildKit's Parse loop over ``lines[index:stop]``: for each instruction, its first and
    last line (1-based), its text with continuation lines joined, and the line ranges of its
    heredoc bodies (as ``lines`` slices)."""
    while index < stop:
        raw = lines[index].removeprefix("\ufeff") if index == 0 else lines[index]
        index += 1
        stripped = raw.rstrip("\r\n").lstrip(GO_SPACE)
        if not stripped or stripped[0] == "#":
            continue  # a blank or comment line, or a parser directive
        start = index
        part, done = _continuation(stripped, escape)
        parts = [part]
        while not done and index < stop:
            line = lines[index].rstrip("\r\n")
            index += 1
            bare = line.lstrip(GO_SPACE)
            if not bare or bare[0] == "#":
                continue  # BuildKit skips comments and blank lines inside an instruction
            part, done = _continuation(line, escape)
            parts.append(part)
        logical = "".join(parts)
        bodies = []
        for name, chomp in _heredocs(logical) if heredocs else ():
            first = index
            while index < stop:
                line = lines[index].rstrip("\r\n")
                index += 1
                if (line.lstrip("\t") if chomp else line) == name:
                    bodies.append((first, index - 1))
                    break
            else:
                bodies.append((first, index))
        yield start, index, logical, bodies


def _bytes(line: str) -> int:
    return len(line.encode("utf-8", "surrogatepass"))


def _directives(lines: list[str]) -> tuple[str, int, int | None]:
    """The escape character, how many leading lines are parser directives, and the line of a
    directive BuildKit rejects (an escape other than \\ or `, a repeated directive)."""
    escape = "\\"
    seen: set[str] = set()
    for number, raw in enumerate(lines, 1):
        line = (raw.removeprefix("\ufeff") if number == 1 else raw).rstrip("\r\n").lstrip(GO_SPACE)
        match = _DIRECTIVE.match(line)
        if match is None or match[1].lower() not in _DIRECTIVES:
            return escape, number - 1, None
        name = match[1].lower()
        if name in seen:
            return escape, number - 1, number
        seen.add(name)
        if name == "escape":
            if match[2] not in ("\\", "`"):
                return escape, number - 1, number
            escape = match[2]
    return escape, len(lines), None


def _continuation(line: str, escape: str) -> tuple[str, bool]:
    """BuildKit's trimContinuationCharacter: a trailing escape (not itself escaped) joins the
    next line; returns the line without it and whether the instruction ends here."""
    body = line.rstrip(" \t")
    if body.endswith(escape) and (len(body) == 1 or body[-2] != escape):
        return body[:-1], False
    return line, True


def _heredocs(logical: str) -> list[tuple[str, bool]]:
    """The heredocs (name, strip leading tabs) an instruction opens, as BuildKit finds them:
    only RUN, COPY and ADD (also after ONBUILD) in shell form, any word ``<<NAME``."""
    if "<<" not in logical:
        return []
    command, rest = _split_command(logical)
    if command == "onbuild":
        command, rest = _split_command(_after_flags(rest))
    if command not in _HEREDOC_COMMANDS or _is_json(_after_flags(rest)):
        return []
    if not _lexes(logical):
        return []  # BuildKit's shell lexer fails on the line, and then finds no heredoc
    found = []
    for word in _SHELL_WORD.findall(logical):
        match = _HEREDOC_WORD.match(word) if "<<" in word else None
        if match is None or not match[2]:
            continue
        name = _unquote(match[2])
        if name is not None and len(name) == 1:
            found.append((name[0], match[1] == "-"))
    return found


_TOP_RUN = re.compile(r"[^$'\"\\}]+")
_QUOTED_RUN = re.compile(r'[^"$\\]+')
_SPECIAL_PARAMETERS = "@*#?-$!"


def _lexes(text: str) -> bool:
    """Whether BuildKit's shell lexer reads ``text`` without an error: quotes closed, and every
    ``${...}`` well formed (a name, then ``}``, or ``:``, ``-``, ``+`` or ``?`` and a word up to
    a matching ``}``). Iterative, so deep nesting costs no recursion."""
    top, stop_brace, double_quote = 0, 1, 2
    stack = [top]
    pos = 0
    size = len(text)
    while pos < size:
        context = stack[-1]
        char = text[pos]
        if context == double_quote:
            if char == '"':
                stack.pop()
                pos += 1
            elif char == "$":
                pos = _dollar(text, pos, stack, stop_brace)
                if pos < 0:
                    return False
            elif char == "\\":
                pos += 2 if text[pos + 1 : pos + 2] in ('"', "$", "\\") and pos + 1 < size else 1
            else:
                pos = _QUOTED_RUN.match(text, pos).end()  # type: ignore[union-attr]
            continue
        if char == "}" and context == stop_brace:
            stack.pop()
            pos += 1
        elif char == "$":
            pos = _dollar(text, pos, stack, stop_brace)
            if pos < 0:
                return False
        elif char == "'":
            end = text.find("'", pos + 1)
            if end < 0:
                return False
            pos = end + 1
        elif char == '"':
            stack.append(double_quote)
            pos += 1
        elif char == "\\":
            pos += 2
        elif char == "}":
            pos += 1
        else:
            pos = _TOP_RUN.match(text, pos).end()  # type: ignore[union-attr]
    return stack == [top]


def _dollar(text: str, pos: int, stack: list[int], stop_brace: int) -> int:
    """Past a ``$`` expansion at ``pos`` (-1: a syntax error); a ``${name:-word}`` pushes the
    word's context, which the matching ``}`` closes."""
    pos += 1
    size = len(text)
    if pos >= size or text[pos] != "{":
        return _name_end(text, pos)
    pos += 1
    if pos >= size or text[pos] in "{}:":
        return -1
    pos = _name_end(text, pos)
    if pos >= size:
        return -1
    char = text[pos]
    pos += 1
    if char == "}":
        return pos
    if char == ":":
        if pos >= size:
            return -1
        pos += 1  # the modifier, whatever it is (an unset variable is kept as written)
    elif char not in "-+?":
        return -1
    stack.append(stop_brace)
    return pos


def _name_end(text: str, pos: int) -> int:
    """BuildKit's processName: digits, or one special parameter, or letters, digits and _."""
    size = len(text)
    if pos >= size:
        return pos
    char = text[pos]
    if char.isdecimal():
        while pos < size and text[pos].isdecimal():
            pos += 1
        return pos
    if char in _SPECIAL_PARAMETERS:
        return pos + 1
    while pos < size and (text[pos].isalpha() or text[pos].isdecimal() or text[pos] == "_"):
        pos += 1
    return pos


def _split_command(line: str) -> tuple[str, str]:
    parts = _COMMAND_SPLIT.split(line.strip(GO_SPACE), maxsplit=1)
    return parts[0].lower(), parts[1] if len(parts) == 2 else ""


def _after_flags(args: str) -> str:
    """BuildKit's extractBuilderFlags: what follows the leading ``--flag`` words (it reads
    bytes, and a byte 0x85 or 0xA0 counts as a space)."""
    data = args.encode("utf-8", "surrogatepass")
    spaces = b"\t\n\v\f\r \x85\xa0"
    pos = 0
    size = len(data)
    while True:
        while pos < size and data[pos] in spaces:
            pos += 1
        if pos >= size or not data.startswith(b"--", pos) or pos + 1 == size:
            return data[pos:].decode("utf-8", "replace")
        begin = pos
        quote = 0
        while pos < size:
            byte = data[pos]
            if quote:
                if byte == quote:
                    quote = 0
                elif byte == 0x5C:
                    pos += 1
            elif byte in spaces:
                break
            elif byte in (0x22, 0x27):
                quote = byte
            elif byte == 0x5C:
                pos += 1
            pos += 1
        if data[begin:pos] == b"--":
            return data[pos:].decode("utf-8", "replace")


def _reject(name: str) -> object:
    raise ValueError(name)


_JSON = json.JSONDecoder(parse_constant=_reject)


def _is_json(rest: str) -> bool:
    """BuildKit's parseJSON: an array of strings at the start (what follows is ignored)."""
    rest = rest.lstrip(GO_SPACE)
    if not rest.startswith("["):
        return False
    try:
        value, _ = _JSON.raw_decode(rest)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, list)


def _unquote(text: str) -> list[str] | None:
    """The words of ``text`` after BuildKit's shell lexer removed quotes and escapes (None for
    an unclosed quote)."""
    words: list[str] = []
    word: list[str] = []
    index = 1 if text.startswith("\ufeff") else 0  # Go's text/scanner skips a leading BOM
    size = len(text)
    while index < size:
        char = text[index]
        if char in GO_SPACE:
            if word:
                words.append("".join(word))
                word = []
        elif char == "\\":
            word.append(text[index + 1 : index + 2])
            index += 1
        elif char in "'\"":
            end = index + 1
            while end < size and text[end] != char:
                if char == '"' and text[end] == "\\" and end + 1 < size:
                    word.append(text[end + 1] if text[end + 1] in '"$\\' else text[end : end + 2])
                    end += 2
                    continue
                word.append(text[end])
                end += 1
            if end >= size:
                return None
            index = end
        else:
            word.append(char)
        index += 1
    if word:
        words.append("".join(word))
    return words


def _word_cost(logical: str, escape: str) -> tuple[int, int]:
    """(sum of squared lengths, longest) of the words BuildKit reads character by character,
    counting only words long enough to matter; quotes and escapes join words, and both
    escape characters are tried when the file sets ` (BuildKit's readers differ)."""
    if len(logical) < _LONG:
        return 0, 0
    command, rest = _split_command(logical)
    if command in _LINEAR_COMMANDS:
        flags = rest[: len(rest) - len(_after_flags(rest))]
        logical = flags
        if len(logical) < _LONG:
            return 0, 0
    if "'" not in logical and '"' not in logical and "\\" not in logical and escape not in logical:
        lengths = [len(m) for m in _UNBROKEN.findall(logical)]
        return sum(n * n for n in lengths), max(lengths, default=0)
    best = (0, 0)
    for pattern in {_WORDS[escape], _WORDS["\\"]}:
        lengths = [m.end() - m.start() for m in pattern.finditer(logical) if m.end() - m.start() >= _LONG]
        cost = (sum(n * n for n in lengths), max(lengths, default=0))
        best = max(best, cost)
    return best
