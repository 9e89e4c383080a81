"""Random damage to a valid annotation corpus, for the fuzz tests and bench/fuzz_report.py.

Each mutation takes a corpus directory and a random.Random and damages one file. It returns a short label of
what it did and whether the result is invalid by construction (then the validator must reject it); other
damage may happen to leave a valid corpus (deleting an optional key, swapping two equal lines).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

FILES = ["annotations/documents.yaml", "annotations/events.yaml", "annotations/persons.yaml",
         "annotations/entities.yaml", "annotations/alignments.yaml", "annotations/documents/kremlin-mini.yaml",
         "annotations/documents/news-mini.yaml", "annotations/vocabularies/topics.yaml"]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _get(node: Any, path: tuple) -> Any:
    for p in path:
        node = node[p]
    return node


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def text_mutation(root: Path, rng: random.Random) -> tuple[str, bool]:
    rel = rng.choice(FILES)
    path = root / rel
    data = path.read_bytes()
    kind = rng.choice(["truncate", "bytes", "nul", "invalid-utf8", "delete-line", "duplicate-line", "huge-number",
                       "deep-nesting", "swap-lines", "type-tag"])
    lines = data.split(b"\n")
    if kind == "truncate":
        data = data[: rng.randrange(len(data))]
    elif kind == "bytes":
        pos = rng.randrange(len(data))
        data = data[:pos] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[pos:]
    elif kind == "nul":
        pos = rng.randrange(len(data))
        data = data[:pos] + b"\x00" + data[pos:]
    elif kind == "invalid-utf8":
        pos = rng.randrange(len(data))
        data = data[:pos] + b"\xc3\x28" + data[pos:]
    elif kind == "delete-line":
        del lines[rng.randrange(len(lines))]
        data = b"\n".join(lines)
    elif kind == "duplicate-line":
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
        data = b"\n".join(lines)
    elif kind == "huge-number":
        data = data.replace(b"start: ", b"start: 9" * 1 + b"9" * rng.randint(20, 400), 1) if b"start: " in data \
            else data + b"\nx: " + b"9" * 400
    elif kind == "deep-nesting":
        depth = rng.randint(50, 3000)
        data = data + b"\nnote: " + b"[" * depth + b"]" * depth + b"\n"
    elif kind == "swap-lines":
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
    elif kind == "type-tag":  # a YAML tag after some `key: ` (bytes, sets, misfit scalars, local tags...)
        tag = rng.choice([b"!!binary ", b"!!set ", b"!!omap ", b"!!pairs ", b"!!int ", b"!!float ", b"!!bool ",
                          b"!!null ", b"!!str ", b"!!map ", b"!!seq ", b"!!timestamp ", b"!local "])
        keys = [i for i in range(len(data) - 1) if data[i:i + 2] == b": "]
        pos = rng.choice(keys) + 2 if keys else len(data)
        data = data[:pos] + tag + data[pos:]
    changed = data != path.read_bytes()
    path.write_bytes(data)
    return f"{kind} {rel}", changed and kind in {"nul", "invalid-utf8", "huge-number", "deep-nesting"}


def data_mutation(root: Path, rng: random.Random) -> tuple[str, bool]:
    rel = rng.choice(FILES)
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = rng.choice(["delete-key", "duplicate-item", "change-type", "shift-offset", "unknown-vocab",
                       "dangling-ref", "circular-embedding", "unknown-key", "empty-file"])
    candidates = _paths(data)
    applied = True
    if kind == "delete-key":
        keys = [p for p in candidates if p and isinstance(p[-1], str)]
        p = rng.choice(keys)
        del _get(data, p[:-1])[p[-1]]
    elif kind == "duplicate-item":
        lists = [p for p in candidates if isinstance(_get(data, p), list) and _get(data, p)]
        if lists:
            p = rng.choice(lists)
            lst = _get(data, p)
            lst.append(lst[rng.randrange(len(lst))])
    elif kind == "change-type":
        leaves = [p for p in candidates if p]
        p = rng.choice(leaves)
        _get(data, p[:-1])[p[-1]] = rng.choice([None, 12345, "text", [], {}, True, -1, 1.5])
    elif kind == "shift-offset":
        offsets = [p for p in candidates if p and p[-1] in ("start", "end")]
        p = rng.choice(offsets) if offsets else None
        applied = p is not None
        if p:
            _get(data, p[:-1])[p[-1]] += rng.choice([-3, -1, 1, 2, 50, 10**6])
    elif kind == "unknown-vocab":
        vocab = [p for p in candidates if p and p[-1] in ("mode", "function", "type", "kind", "genre", "relation", "basis")]
        p = rng.choice(vocab) if vocab else None
        applied = p is not None
        if p:
            _get(data, p[:-1])[p[-1]] = "noSuchValue"
    elif kind == "dangling-ref":
        refs = [p for p in candidates if p and p[-1] in ("event", "speaker", "entity", "document", "publisher", "outlet",
                                                         "news_utterance", "transcript_utterance")]
        p = rng.choice(refs) if refs else None
        applied = p is not None and _get(data, p) is not None
        if p:
            _get(data, p[:-1])[p[-1]] = "no-such-id" if p[-1] not in ("news_utterance", "transcript_utterance") \
                else "kremlin-mini.u999"
    elif kind == "circular-embedding":
        utts = data.get("utterances") if isinstance(data, dict) else None
        applied = bool(utts and len(utts) >= 2)
        if utts and len(utts) >= 2:
            utts[0]["embedded_in"], utts[1]["embedded_in"] = utts[1]["id"], utts[0]["id"]
    elif kind == "unknown-key":
        maps = [p for p in candidates if isinstance(_get(data, p), dict)]
        _get(data, rng.choice(maps))["unexpected_field"] = "x"
    elif kind == "empty-file":
        data = None
    _dump(path, data)
    must_reject = applied and kind in {"shift-offset", "unknown-vocab", "dangling-ref", "circular-embedding",
                                       "unknown-key", "empty-file"}
    return f"{kind} {rel}", must_reject
