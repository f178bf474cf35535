"""The copies themselves: upright, sRGB, within budget, repeatable, and holding nothing personal."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from psgnews.content import imagecheck
from psgnews.content.model import Image as Original
from psgnews.core.errors import UnreadableFileError
from psgnews.render import derive, images
from psgnews.render.budget import EMAIL_IMAGE_BYTES
from synthetic import photos


def described(path: Path, *, in_body: bool = False) -> Original:
    """Return `path` as loading describes it."""
    facts = imagecheck.examine(path)
    assert isinstance(facts, imagecheck.Facts), facts
    name = f"issues/9/images/{path.name}"
    return Original(name, "d", 1, f"images/{path.name}", facts.width, facts.height, facts.kind,
                    facts.located, in_body)  # fmt: skip


def made(path: Path, *, in_body: bool = False) -> dict[images.Copy, bytes]:
    return derive.make(path.read_bytes(), images.copies(described(path, in_body=in_body)))


def test_every_copy_of_a_phone_photo_is_upright_and_holds_nothing_personal(tmp_path: Path) -> None:
    photo = photos.phone_photo(tmp_path / "photo.jpg", 1600, 1200)
    copies = made(photo)
    assert {c.target for c in copies} == {"email", "small", "print"}
    for copy, data in copies.items():
        photos.assert_clean(data, copy.name)
        assert photos.upright(data), f"{copy.name} is not turned as the EXIF said"
        with Image.open(io.BytesIO(data)) as opened:
            assert opened.size == (copy.width, copy.height) and opened.format == "JPEG"
    assert imagecheck.examine(photo) == imagecheck.Facts("JPEG", 1200, 1600, "photo", True)


def test_the_same_original_gives_the_same_bytes(tmp_path: Path) -> None:
    photo = photos.phone_photo(tmp_path / "photo.jpg", 1600, 1200)
    assert made(photo) == made(photo)


def test_a_copy_made_from_a_copy_is_that_copy(tmp_path: Path) -> None:
    photo = photos.phone_photo(tmp_path / "photo.jpg", 3000, 2000)
    first = made(photo)
    copy = tmp_path / "copy" / "photo.jpg"
    copy.parent.mkdir()
    copy.write_bytes(first[images.print_copy(described(photo))])
    again = made(copy)
    assert again[images.print_copy(described(copy))] == copy.read_bytes()


def test_a_cmyk_jpeg_becomes_srgb(tmp_path: Path) -> None:
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(tmp_path / "red.jpg")
    for copy, data in made(tmp_path / "red.jpg").items():
        with Image.open(io.BytesIO(data)) as opened:
            assert opened.mode == "RGB", copy
            red, green, blue = opened.convert("RGB").getpixel((150, 100))  # type: ignore[misc]
        assert red > 200 and green < 60 and blue < 60


def test_a_16_bit_png_and_a_transparent_palette_png_become_8_bit(tmp_path: Path) -> None:
    Image.linear_gradient("L").resize((600, 300)).convert("I").point(lambda v: v * 257).convert(
        "I;16"
    ).save(tmp_path / "deep.png")
    palette = Image.new("P", (600, 300), 1)
    palette.putpalette([255, 255, 255, 200, 30, 30])
    palette.save(tmp_path / "logo.png", transparency=0)
    for name in ("deep.png", "logo.png"):
        for copy, data in made(tmp_path / name).items():
            with Image.open(io.BytesIO(data)) as opened:
                assert opened.mode in ("L", "RGB", "RGBA"), (name, copy.target, opened.mode)


def test_transparency_is_flattened_on_white_in_a_jpeg(tmp_path: Path) -> None:
    picture = photos.scene(800, 600).convert("RGBA")
    picture.putalpha(Image.new("L", picture.size, 0).resize(picture.size))
    picture.paste((0, 0, 255, 255), (0, 300, 800, 600))  # the lower half opaque blue
    picture.save(tmp_path / "cutout.png")
    image = described(tmp_path / "cutout.png")
    assert image.kind == "photo"  # too many colours for a graphic: its email copy is a JPEG
    email = derive.make((tmp_path / "cutout.png").read_bytes(), [images.email_copy(image)])
    with Image.open(io.BytesIO(next(iter(email.values())))) as opened:
        assert opened.format == "JPEG"
        pixel = opened.convert("RGB").getpixel((400, 100))
    assert isinstance(pixel, tuple) and min(pixel) > 240


def test_a_grainy_photo_still_fits_the_email_budget(tmp_path: Path) -> None:
    grain = Image.merge("RGB", [Image.effect_noise((2400, 3200), 60)] * 3)
    Image.blend(photos.scene(2400, 3200), grain, 0.5).save(tmp_path / "grain.jpg", quality=95)
    image = described(tmp_path / "grain.jpg")
    data = derive.make((tmp_path / "grain.jpg").read_bytes(), [images.email_copy(image)])
    assert len(next(iter(data.values()))) <= EMAIL_IMAGE_BYTES


def test_the_srgb_profile_is_the_same_at_every_build() -> None:
    profile = derive.srgb_profile()
    described_as = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
    assert "sRGB" in described_as and profile[24:26] == (2000).to_bytes(2, "big")


def test_an_original_replaced_since_loading_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "project"
    photo = photos.phone_photo(root / "issues" / "9" / "images" / "photo.jpg", 800, 600)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    image = dataclasses.replace(described(photo), digest=digest)
    wanted = images.copies(image)
    assert derive.derived(root, image, wanted[:1])  # as loading checked it
    other = photos.phone_photo(tmp_path / "other.jpg", 800, 600)
    photo.unlink()
    photo.symlink_to(other)  # a link put in its place: never followed
    with pytest.raises(UnreadableFileError, match="symbolic link"):
        derive.derived(root, image, wanted[1:])
    photo.unlink()
    photo.write_bytes(other.read_bytes() + b"\0")  # another file: not what was checked
    with pytest.raises(UnreadableFileError, match="changed since it was checked"):
        derive.derived(root, image, wanted[1:])
