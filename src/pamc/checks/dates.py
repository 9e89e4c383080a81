"""Date checks: real calendar dates, precision consistent, evidence given, no event after its report."""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass

from pamc.io.corpus import AnnotationFile, Corpus
from pamc.model.findings import Finding


def parse(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check(corpus: Corpus) -> tuple[list[Finding], "Dates"]:
    """Findings on the corpus-wide tables, and the dates the annotation files are checked against."""
    out: list[Finding] = []
    event_dates: dict[str, dt.date] = {}
    for rec in corpus.events:
        e = rec.model
        if e.date is not None:
            day = parse(e.date)
            if day is None:
                out.append(rec.finding("date-invalid", ("date",), f"{e.date!r} is not a calendar date"))
            else:
                event_dates[e.id] = day
            if e.date_precision == "unknown":
                out.append(rec.finding("date-precision", ("date_precision",),
                                       "a dated event needs a precision (day, month or year)"))
            if not e.date_evidence:
                out.append(rec.finding("date-evidence-missing", ("date_evidence",),
                                       f"the date {e.date} needs the passages it is read or derived from"))
        elif e.date_precision != "unknown":
            out.append(rec.finding("date-precision", ("date_precision",),
                                   f"an undated event has precision 'unknown', not {e.date_precision!r}"))
    printed: dict[str, dt.date] = {}
    for rec in corpus.documents:
        value = rec.model.printed_date.normalized
        if value is not None:
            day = parse(value)
            if day is None:
                out.append(rec.finding("date-invalid", ("printed_date", "normalized"), f"{value!r} is not a calendar date"))
            else:
                printed[rec.model.id] = day
    return out, Dates(event_dates, printed)


@dataclass(frozen=True)
class Dates:
    events: dict[str, dt.date]  # event id → date, for well-formed dates
    printed: dict[str, dt.date]  # document id → printed date


def check_file(dates: Dates, f: AnnotationFile) -> list[Finding]:
    """No utterance or speech event of a file belongs to an event dated after the document."""
    out: list[Finding] = []
    printed = dates.printed.get(f.document)
    if printed is None:
        return out
    for rec in [*f.utterances, *f.speech_events]:
        day = dates.events.get(rec.model.event)
        if day is not None and day > printed:
            out.append(rec.finding("date-after-report", ("event",),
                                   f"event {rec.model.event!r} is dated {day} but {f.document} is dated "
                                   f"{printed}"))
    return out
