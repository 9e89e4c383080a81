"""One type for every problem the tools report, and its renderings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    pointer: str
    check_id: str
    message: str
    severity: Severity = "error"

    def render(self) -> str:
        """``file:line:column: /pointer: [check-id] message`` (warnings say so)."""
        where = f"{self.file}:{self.line}:{self.column}:"
        pointer = f" {self.pointer}:" if self.pointer else ""
        level = "" if self.severity == "error" else " warning:"
        return f"{where}{pointer}{level} [{self.check_id}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def make(check_id: str, file: str, message: str, line: int = 1, column: int = 1, pointer: str = "") -> Finding:
    """A finding whose severity is the one the check catalogue gives its id."""
    from .checks.registry import severity  # the catalogue imports this module's types

    return Finding(file=file, line=line, column=column, pointer=pointer, check_id=check_id, message=message,
                   severity=severity(check_id))


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Stable reading order: by file, then position, then check id."""
    return sorted(set(findings))


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
