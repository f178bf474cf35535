"""Loading an issue: what the renderers receive."""

from __future__ import annotations

from pathlib import Path

from psgnews.content.load import load_issues
from psgnews.content.project import open_root
from tests.conftest import add_fixture_issues


def test_a_pictures_alt_text_caption_and_credit_get_curly_quotes(project: Path) -> None:
    root = open_root(add_fixture_issues(project, "stress"))
    image = next(iter(load_issues(root, [121]))).articles[0].image
    assert image is not None
    assert image.alt == "A green valley under a pale sky, with the valley’s road along the river"
    assert (
        image.caption == "A generated picture standing in for a photograph of the valley’s river."
    )
    assert image.credit == "Image: the ‘psgnews’ test suite"
