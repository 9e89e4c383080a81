"""One type for every problem the tools report, and its renderings."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field, replace

from pamc.model.catalogue import CHECKS, Severity, severity


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    pointer: str
    check_id: str
    message: str
    severity: Severity = "error"
    # Reading order: findings of one record stay together (record_line), most relevant first (rank).
    record_line: int = field(default=0, compare=False)
    rank: int = field(default=0, compare=False)

    def render(self) -> str:
        """``file:line:column: /pointer: [check-id] message`` (warnings say so)."""
        where = f"{self.file}:{self.line}:{self.column}:"
        pointer = f" {self.pointer}:" if self.pointer else ""
        level = "" if self.severity == "error" else " warning:"
        return f"{where}{pointer}{level} [{self.check_id}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "pointer": self.pointer,
                "check_id": self.check_id, "severity": self.severity, "message": self.message}

    def in_record(self, record_line: int, rank: int) -> "Finding":
        return replace(self, record_line=record_line, rank=rank)


def shown(name: str) -> str:
    """A file name as it may be printed: bytes that are not UTF-8 as \\xNN, control and line-break characters
    escaped, so that a name can neither forge a line of output nor reach the terminal as an escape sequence."""
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch == "\\" or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(ch.encode("unicode_escape").decode("ascii") if ch != "\\" else "\\\\")
        else:
            out.append(ch)
    return "".join(out)


def make(check_id: str, file: str, message: str, line: int = 1, column: int = 1, pointer: str = "") -> Finding:
    """A finding whose severity is the one the check catalogue gives its id; the file name escaped, so that it
    can neither forge an output line nor reach the terminal as an escape sequence."""
    return Finding(file=shown(file), line=line, column=column, pointer=pointer, check_id=check_id, message=message,
                   severity=severity(check_id))


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Causes first: files that could not be read (their records are then unknown to every other check, which
    reports what follows from it). Then reading order: by file, then by record; within a record, schema
    errors most relevant first."""
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (CHECKS[f.check_id].family != "files", f.file, f.record_line or f.line,
                                         f.rank, f.line, f.column, f.pointer, f.check_id, f.message))


def render_text(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    lines = [f.render() for f in findings]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def render_json(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    return json.dumps(
        {"valid": errors == 0, "errors": errors, "warnings": len(findings) - errors,
         "findings": [f.as_dict() for f in findings]},
        ensure_ascii=False, indent=2,
    )


def records_with_errors(findings: list[Finding], list_key: str) -> set[int]:
    """The indexes of the records of ``list_key`` (e.g. ``utterances``) that an error of ``findings`` points into."""
    prefix = f"/{list_key}/"
    return {int(parts[2]) for f in findings if f.severity == "error" and f.pointer.startswith(prefix)
            for parts in [f.pointer.split("/")] if parts[2].isdigit()}
