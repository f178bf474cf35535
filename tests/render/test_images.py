"""Which copy each output shows: the email's at twice its column, the print one at 300 dpi."""

from __future__ import annotations

from psgnews.content.model import Image
from psgnews.render import images


def image(width: int, height: int, name: str = "photo.jpg", *, in_body: bool = False) -> Image:
    kind = "graphic" if name.endswith(".png") else "photo"
    return Image(
        f"issues/9/images/{name}", "d", 1, f"images/{name}", width, height, kind, False, in_body
    )


def test_a_phone_photo_gets_the_email_column_at_2x_and_a_smaller_web_copy() -> None:
    email, small, print_ = images.copies(image(4032, 3024))
    assert (email.target, email.name, email.width, email.height, email.format) == (
        "email", "images/photo-jpg-1104.jpg", 1104, 828, "JPEG"
    )  # fmt: skip
    assert (small.name, small.width, small.height) == ("images/photo-jpg-552.jpg", 552, 414)
    assert print_.name == "images/photo.jpg"  # served and attached under the original's name


def test_a_lead_photo_prints_at_300_dpi_within_the_column_and_110_mm() -> None:
    tall = round(110 / 25.4 * 300)  # 110 mm at 300 dpi
    landscape = images.print_copy(image(4032, 3024))
    assert landscape.height == tall and abs(landscape.width - tall * 4 / 3) <= 1
    portrait = images.print_copy(image(3024, 4032))
    assert portrait.height == tall and abs(portrait.width - tall * 3 / 4) <= 1


def test_a_body_photo_prints_at_300_dpi_across_the_column() -> None:
    body = images.print_copy(image(3024, 4032, in_body=True))
    assert body.width == round(166 / 25.4 * 300)


def test_no_copy_has_more_pixels_than_its_original() -> None:
    small = image(400, 300)
    assert [(c.target, c.width, c.height) for c in images.copies(small)] == [
        ("email", 400, 300), ("print", 400, 300)
    ]  # fmt: skip


def test_a_copy_of_a_print_copy_is_the_same_size() -> None:
    for width, height, in_body in [(4032, 3024, False), (3024, 4032, False), (4000, 2250, True)]:
        first = images.print_copy(image(width, height, in_body=in_body))
        again = images.print_copy(image(first.width, first.height, in_body=in_body))
        assert (again.width, again.height) == (first.width, first.height)


def test_two_originals_never_share_a_copy() -> None:
    jpeg = images.email_copy(image(2000, 1500, "map.jpg"))
    png = images.email_copy(image(2000, 1500, "map.png"))
    assert jpeg.name == "images/map-jpg-1104.jpg" and png.name == "images/map-png-1104.png"
    assert png.format == "PNG"  # a graphic of few colours stays PNG
