"""The little of CBOR (RFC 8949) that Pagefind's index files use: numbers, text, arrays.

Enough to read a file, put what Pagefind leaves in arbitrary order in order,
and write it again in the same shortest form Pagefind writes.
"""

from __future__ import annotations

import struct
from typing import Any

_UINT, _NEGATIVE, _BYTES, _TEXT, _ARRAY = 0, 1, 2, 3, 4


def loads(data: bytes) -> Any:
    """Return the one value `data` holds, or raise ValueError if it is not such CBOR."""
    value, end = _item(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the CBOR value")
    return value


def dumps(value: Any) -> bytes:
    """Return `value` (int, str, bytes or list of them) as CBOR, each head in its shortest form."""
    if isinstance(value, bool) or not isinstance(value, int | str | bytes | list):
        raise ValueError(f"no CBOR here for {type(value).__name__}")
    if isinstance(value, int):
        return _head(_UINT, value) if value >= 0 else _head(_NEGATIVE, -1 - value)
    if isinstance(value, str):
        return _head(_TEXT, len(value.encode())) + value.encode()
    if isinstance(value, bytes):
        return _head(_BYTES, len(value)) + value
    return _head(_ARRAY, len(value)) + b"".join(dumps(v) for v in value)


def _head(major: int, argument: int) -> bytes:
    for limit, extra, form in ((24, None, ""), (1 << 8, 24, ">B"), (1 << 16, 25, ">H")):
        if argument < limit:
            first = bytes([major << 5 | (argument if extra is None else extra)])
            return first + (struct.pack(form, argument) if form else b"")
    if argument < 1 << 32:
        return bytes([major << 5 | 26]) + struct.pack(">I", argument)
    return bytes([major << 5 | 27]) + struct.pack(">Q", argument)


def _item(data: bytes, at: int) -> tuple[Any, int]:
    """Return the value that starts at `at` in `data`, and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"CBOR item of kind {major}/{info} is not one Pagefind writes")
    if major == _UINT:
        return argument, at
    if major == _NEGATIVE:
        return -1 - argument, at
    if major in (_BYTES, _TEXT):
        raw = data[at : at + argument]
        if len(raw) != argument:
            raise ValueError("CBOR string runs past the end")
        return (raw.decode() if major == _TEXT else bytes(raw)), at + argument
    if major == _ARRAY:
        items = []
        for _ in range(argument):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR item of kind {major} is not one Pagefind writes")
