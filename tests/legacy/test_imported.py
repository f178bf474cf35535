"""The import record and the three-way decision for each file."""

from __future__ import annotations

from pathlib import Path

import pytest

from psgnews.core.errors import ContentError
from psgnews.legacy.imported import RECORD, Target, apply, decide, read_record, sha256

NEW, OLD, EDITED = "title: new\n", "title: old\n", "title: edited\n"


def target(content: str = NEW) -> Target:
    return Target("117/a.yaml", content, "article", ())


@pytest.mark.parametrize(
    ("on_disk", "recorded", "force", "verb"),
    [
        (None, None, False, "create"),
        (NEW, None, False, "unchanged"),
        (NEW, OLD, False, "unchanged"),
        (OLD, OLD, False, "update"),  # nobody edited it: follow the listing
        (EDITED, NEW, False, "kept"),  # edited, listing as imported: keep the edit
        (None, NEW, False, "kept"),  # deleted since import
        (EDITED, OLD, False, "conflict"),  # edited, and the listing changed
        (EDITED, None, False, "conflict"),  # never imported
        (None, OLD, False, "conflict"),  # deleted, and the listing changed
        (EDITED, OLD, True, "overwrite"),
        (EDITED, NEW, True, "overwrite"),
    ],
)
def test_decide(
    tmp_path: Path, on_disk: str | None, recorded: str | None, force: bool, verb: str
) -> None:
    if on_disk is not None:
        (tmp_path / "117").mkdir()
        (tmp_path / "117" / "a.yaml").write_text(on_disk)
    digest = sha256(recorded.encode()) if recorded else None
    assert decide(tmp_path, target(), digest, force=force).verb == verb


def test_apply_writes_files_and_the_record(tmp_path: Path) -> None:
    action = decide(tmp_path, target(), None, force=False)
    written = apply(tmp_path, [action], {})
    assert written == [tmp_path / "117" / "a.yaml", tmp_path / RECORD]
    assert read_record(tmp_path) == {"117/a.yaml": sha256(NEW.encode())}
    assert (
        apply(
            tmp_path,
            [decide(tmp_path, target(), sha256(NEW.encode()), force=False)],
            read_record(tmp_path),
        )
        == []
    )


def test_a_kept_file_keeps_its_old_record(tmp_path: Path) -> None:
    (tmp_path / "117").mkdir()
    (tmp_path / "117" / "a.yaml").write_text(EDITED)
    record = {"117/a.yaml": sha256(OLD.encode())}
    apply(tmp_path, [decide(tmp_path, target(), record["117/a.yaml"], force=False)], record)
    assert not (tmp_path / RECORD).exists()


def test_a_damaged_record_is_reported(tmp_path: Path) -> None:
    (tmp_path / RECORD).write_text("117/a.yaml: abc\n117/b.yaml: [1]\n")
    with pytest.raises(ContentError) as caught:
        read_record(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "issues/_imported.yaml:1:13: 117/a.yaml: expected a SHA-256 digest (64 hex digits)",
        "issues/_imported.yaml:2:13: 117/b.yaml: expected a SHA-256 digest (64 hex digits)",
    ]
    (tmp_path / RECORD).write_text("- 117/a.yaml\n")
    with pytest.raises(ContentError, match="1:1: expected a mapping of file paths"):
        read_record(tmp_path)
