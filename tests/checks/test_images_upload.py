"""Safe decoding of uploads (IMAGE_INVALID): hostile inputs get a clear Chinese error naming the image,
good images come back re-encoded without EXIF or appended payloads."""
import io

import numpy as np
import pytest
from PIL import Image

import imagegen as gen
from moderation.checks.uploads import (
    MAX_BYTES, ImageRejected, clean_upload, decode_for_checks, estimate_jpeg_quality,
)


def _png_bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10000, 10000)).save(out, "PNG")  # 100 megapixels in a few kilobytes
    return out.getvalue()


def _huge_jpeg() -> bytes:
    return gen.jpeg(Image.new("RGB", (21000, 60), (200, 180, 160)), quality=50)


def _svg() -> bytes:
    return b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def _bmp() -> bytes:
    out = io.BytesIO()
    gen.photo(200, 150).save(out, "BMP")
    return out.getvalue()


HOSTILE = [
    ("truncated.jpg", lambda: gen.jpeg(gen.photo(600, 400))[:20_000], "corrupt", "已损坏或不完整"),
    ("bomb.png", _png_bomb, "bomb", "疑似解压炸弹"),
    ("huge.jpg", _huge_jpeg, "too_many_pixels", "尺寸过大"),
    ("logo.svg", _svg, "format", "SVG"),
    ("notes.jpg", lambda: "这不是图片，只是改了扩展名的文本文件".encode("utf-8") * 20, "format", "仅支持 JPEG、PNG、WEBP、GIF"),
    ("scan.bmp", _bmp, "format", "仅支持"),
    ("empty.jpg", lambda: b"", "empty", "空文件"),
    ("too_big.jpg", lambda: b"\xff\xd8" + b"\0" * (MAX_BYTES + 1), "too_large", "文件过大"),
]


@pytest.mark.parametrize("name, make, code, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_upload_is_rejected_with_a_chinese_message_naming_it(name, make, code, words):
    data = make()
    for decode in (clean_upload, decode_for_checks):
        with pytest.raises(ImageRejected) as caught:
            decode(data, name=name)
        assert caught.value.code == code
        assert name in caught.value.message and words in caught.value.message


def test_bomb_rejected_before_anything_is_decoded(monkeypatch):
    bomb = _png_bomb()
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded a bomb"))
    with pytest.raises(ImageRejected):
        clean_upload(bomb, name="bomb.png")


def test_clean_upload_drops_appended_payload_and_exif_but_keeps_quality():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    data = gen.jpeg(gen.photo(800, 600), quality=80, exif=exif.tobytes()) + b"<?php system($_GET['c']); ?>"
    clean = clean_upload(data, name="photo.jpg")
    assert clean.format == "JPEG" and (clean.width, clean.height) == (800, 600)
    assert b"<?php" not in clean.data and b"SecretCam" not in clean.data
    assert estimate_jpeg_quality(Image.open(io.BytesIO(clean.data))) == 80


def test_clean_upload_applies_the_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    data = gen.jpeg(gen.photo(400, 300), exif=exif.tobytes())
    clean = clean_upload(data, name="phone.jpg")
    assert (clean.width, clean.height) == (300, 400)
    assert Image.open(io.BytesIO(clean.data)).size == (300, 400)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF"])
def test_other_allowed_formats_round_trip(fmt):
    out = io.BytesIO()
    gen.photo(320, 240).convert("P" if fmt == "GIF" else "RGB").save(out, fmt)
    clean = clean_upload(out.getvalue(), name=f"x.{fmt.lower()}")
    assert clean.format == fmt and Image.open(io.BytesIO(clean.data)).size == (320, 240)


def test_animated_gif_keeps_its_frames():
    frames = [gen.photo(120, 90, seed=s).convert("P") for s in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80)
    clean = clean_upload(out.getvalue(), name="anim.gif")
    assert Image.open(io.BytesIO(clean.data)).n_frames == 3


def test_transparent_png_is_checked_on_white():
    im = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    im.paste((200, 30, 30, 255), (50, 50, 150, 150))
    decoded = decode_for_checks(gen.png(im), name="cutout.png")
    assert decoded.pixels[5, 5].tolist() == [255, 255, 255]
    assert decoded.pixels[100, 100].tolist() == [30, 30, 200]  # BGR


def test_checks_see_the_picture_upright():
    exif = Image.Exif()
    exif[0x0112] = 6
    for fmt in ("JPEG", "PNG"):
        out = io.BytesIO()
        gen.photo(400, 300).save(out, fmt, exif=exif.tobytes())
        decoded = decode_for_checks(out.getvalue(), name=f"phone.{fmt.lower()}")
        assert (decoded.width, decoded.height) == (300, 400) and decoded.pixels.shape[:2] == (400, 300)


def test_large_jpeg_is_draft_decoded_but_reports_its_original_size():
    decoded = decode_for_checks(gen.jpeg(gen.photo(3000, 2000)), name="big.jpg")
    assert (decoded.width, decoded.height) == (3000, 2000)
    assert decoded.pixels.shape == (1000, 1500, 3)


@pytest.mark.parametrize("quality", [20, 50, 75, 95])
def test_jpeg_quality_is_estimated_from_the_tables(quality):
    assert estimate_jpeg_quality(Image.open(io.BytesIO(gen.jpeg(gen.photo(160, 120), quality=quality)))) == quality


def _saved(im: Image.Image, fmt: str, **kwargs) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize("make", [
    lambda p: _saved(p.convert("L"), "JPEG"),
    lambda p: _saved(p.convert("CMYK"), "JPEG"),
    lambda p: _saved(Image.fromarray(np.asarray(p.convert("L")).astype(np.uint16) * 256), "PNG"),
    lambda p: _saved(p.convert("P"), "PNG", transparency=0),
    lambda p: _saved(p.convert("LA"), "PNG"),
    lambda p: _saved(p.convert("1"), "PNG"),
], ids=["grey-jpeg", "cmyk-jpeg", "16-bit-png", "palette-png", "grey-alpha-png", "1-bit-png"])
def test_every_mode_decodes_to_bgr_with_its_own_brightness(make):
    picture = gen.photo(320, 240, seed=9)
    decoded = decode_for_checks(make(picture), name="x.png")
    assert decoded.pixels.shape == (240, 320, 3) and decoded.pixels.dtype == np.uint8
    mean = decoded.pixels.mean()
    assert abs(mean - np.asarray(picture, np.float32).mean()) < 40
