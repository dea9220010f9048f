"""Benchmark of the picture checks (4.2(2) rules) on real photographs, then on generated 1200×800 JPEGs.

The real set is tests/checks/realphotos.py's: the photographs bundled in scikit-image and
scikit-learn as a phone or an editor exports them (JPEG q90), and their text, watermark, QR and
collage variants. Prints, for each set and per picture (median over the corpus of each picture's
fastest run, in CPU time of the
process, all its threads): the decode the checks use (OpenCV's) and Pillow's for comparison; every check
``check_post`` runs on a body picture except OCR (safe decode, working copies, white background,
blur, exposure, resampling, QR, text pre-filter); the same for a cover (plus collage seams and
pHash); the OCR detection pre-pass on the pictures with dense strokes (most real photos: fur,
grass, gravel) and OCR reading on those where text is detected; and the OCR time per post over a
small corpus of posts.
One core, as in a scoring worker: onnxruntime runs single-threaded (moderation/checks/ocr.py) and
OpenCV on one thread (moderation/worker.py; its default pool of one thread per core only fights the
other workers, and the calling thread's time hid the pool's work).

    .venv/bin/python bench/images.py
"""
from __future__ import annotations

import gc
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "checks")]

import cv2  # noqa: E402

cv2.setNumThreads(1)  # as moderation.worker does in every scoring worker
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import imagegen as gen  # noqa: E402
import realphotos  # noqa: E402
from moderation.checks import AuthorInfo, CheckContext  # noqa: E402
from moderation.checks.engine import run_rules  # noqa: E402
from moderation.checks import ocr  # noqa: E402
from moderation.checks.pictures import pictures, read_pictures  # noqa: E402

REPEAT = 5


def timed(*fns, repeat: int = REPEAT, rounds: int = 3) -> list[float]:
    """For each function, the fastest of ``rounds`` × ``repeat`` runs in ms of CPU time, with the
    garbage collector off, as timeit does (slower runs measure the other work on the machine). Each
    round runs every function ``repeat`` times in a row, so that each sees the same conditions."""
    best = [float("inf")] * len(fns)
    gc.disable()
    try:
        for _ in range(rounds):
            for i, fn in enumerate(fns):
                fn()  # warm-up
                for _ in range(repeat):
                    start = time.process_time()
                    fn()
                    best[i] = min(best[i], (time.process_time() - start) * 1000)
    finally:
        gc.enable()
    return best


def real_corpus() -> dict[str, bytes]:
    """Every real photograph re-saved at q90 (ordinary uploads, "photo-" names), and the corpus'
    pictures with text, codes, watermarks and collages."""
    items = {item.name: item for item in realphotos.corpus()}
    pics = {f"photo-{n}": items[f"{n}:q90"].data for n in realphotos.PHOTOS}
    for name, key in [("text-watermark", "coffee:watermark"), ("text-watermark-site", "rocket:watermark-site"),
                      ("text-promo", "flower:promo"), ("text-poster", "coffee:poster"), ("text-page", "page:body"),
                      ("qr", "chelsea:qr"), ("collage", "collage:2x2"), ("blurred", "clock_motion:q90"),
                      ("dark", "china:dark"), ("stretched", "coffee:stretch1.3")]:
        pics[name] = items[key].data
    return pics


def corpus() -> dict[str, bytes]:
    """A mix like a week of uploads: mostly ordinary photos (outdoors, rooms, people, shelves), then
    product shots and the pictures the rules are for (blurred, dark, stretched, collage, QR, text)."""
    pics = {f"photo-{s}": gen.photo(seed=s) for s in range(20)}
    pics.update({f"room-{s}": gen.bright_room(seed=s) for s in range(4)})
    pics.update({f"portrait-{s}": gen.portrait(seed=s) for s in range(3)})
    pics.update({f"shelf-{s}": gen.bookshelf(seed=s) for s in range(2)})
    pics.update({f"white-{s}": gen.product_on_white(seed=s) for s in range(3)})
    pics.update({"blurred": gen.blurred(gen.photo(seed=20)), "dark": gen.darkened(gen.photo(seed=21)),
                 "hazy": gen.hazy(gen.photo(seed=22)), "stretched": gen.stretched(gen.photo(seed=23)),
                 "upscaled": gen.upscaled(gen.photo(seed=24)), "poster": gen.two_tone_poster(seed=1),
                 "collage": gen.collage([gen.photo(seed=s) for s in range(30, 34)], "2x2"),
                 "qr": gen.with_qr(gen.photo(seed=25)),
                 "text-promo": gen.with_text(gen.photo(seed=26), ["全场满300减50", "限时秒杀"], size=44),
                 "text-watermark": gen.with_watermark(gen.photo(seed=27)),
                 "text-page": gen.text_page(),
                 "text-screenshot": gen.product_page_screenshot(1200, 800)})
    return {name: gen.jpeg(im, quality=85) for name, im in pics.items()}


def context(files: dict[str, bytes], *, ocr: bool) -> CheckContext:
    return CheckContext(author=AuthorInfo("bench"), open_image=files.__getitem__,
                        thresholds={} if ocr else {"image_ocr_max_pictures": 0})


def one_picture_post(role: str) -> dict:
    post = {"kind": "review", "title": "", "blocks": [{"type": "paragraph", "text": "正文"}]}
    if role == "cover":
        post["cover"] = "x.jpg"
    else:
        post["blocks"].append({"type": "image", "src": "x.jpg"})
    return post


def per_picture(data: bytes) -> list[float]:
    """[OpenCV decode, checks of a body picture, checks of a cover, Pillow decode] in ms."""
    buf = np.frombuffer(data, np.uint8)
    body, cover, files = one_picture_post("body"), one_picture_post("cover"), {"x.jpg": data}

    def pillow():
        with Image.open(io.BytesIO(data)) as im:
            im.load()

    return timed(lambda: cv2.imdecode(buf, cv2.IMREAD_COLOR),  # the decode the checks use
                 lambda: run_rules(body, context(files, ocr=False), kinds=("image",)),
                 lambda: run_rules(cover, context(files, ocr=False), kinds=("image",)),
                 pillow)


def ocr_time(data: bytes) -> tuple[float | None, float | None]:
    """(detection pre-pass, reading) of one picture in ms: None where a stage does not run (no dense
    strokes: no detection; no text detected: no reading)."""
    post, files = one_picture_post("body"), {"x.jpg": data}
    picture = pictures(post, context(files, ocr=True))[0]
    if not picture.text_blocks.any():
        return None, None
    detect = timed(lambda: ocr.detect(picture.prepared.full), repeat=2, rounds=1)[0]
    return detect, (timed(picture.read, repeat=2, rounds=1)[0] if picture.text_boxes else None)


def posts(images: dict[str, bytes]) -> list[tuple[dict, dict[str, bytes]]]:
    """Eight posts of a cover and 3–6 body pictures; most carry one or two pictures with text."""
    names = list(images)
    plain = [n for n in names if not n.startswith(("text-", "qr"))]
    texty = [n for n in names if n.startswith(("text-", "qr"))]
    made = []
    for i in range(8):
        body = [plain[(i * 5 + k) % len(plain)] for k in range(3 + i % 4)] + texty[i % len(texty): i % len(texty) + i % 3]
        files = {"cover.jpg": images[plain[i % len(plain)]]}
        blocks = [{"type": "paragraph", "text": "正文" * 300}]
        for k, name in enumerate(body):
            files[f"{k}.jpg"] = images[name]
            blocks.append({"type": "image", "src": f"{k}.jpg"})
        made.append(({"kind": "review", "title": "", "cover": "cover.jpg", "blocks": blocks}, files))
    return made


def ocr_per_post(post: dict, files: dict[str, bytes]) -> float:
    def run():
        ctx = context(files, ocr=True)
        pictures(post, ctx)  # decoding is not OCR
        start = time.process_time()
        read_pictures(post, ctx)
        return (time.process_time() - start) * 1000
    run()
    return statistics.median(run() for _ in range(3))


def job_per_post(post: dict, files: dict[str, bytes]) -> float:
    """A post's whole picture job in CPU ms: decode, every image rule, OCR (median of 3 runs)."""
    def run():
        start = time.process_time()
        run_rules(post, context(files, ocr=True), kinds=("image",))
        return (time.process_time() - start) * 1000
    run()
    return statistics.median(run() for _ in range(3))


def job_per_post_routes(made: list) -> tuple[float, float]:
    """(median job per post with the OCR detection pre-pass on a copy of up to 448 px, as before
    2026-12-07; the same with today's route: half the picture's size when that is smaller), measured
    alternately in this process so that both see the same load."""
    old, new = [], []
    for post, files in made:
        for scale, out in ((1.0, old), (ocr.DETECT_MIN_SCALE, new)):
            saved, ocr.DETECT_MIN_SCALE = ocr.DETECT_MIN_SCALE, scale
            try:
                out.append(job_per_post(post, files))
            finally:
                ocr.DETECT_MIN_SCALE = saved
    return statistics.median(old), statistics.median(new)


MEASURES = ("white_background", "exposure", "sharpness", "resampling", "qr_codes")  # every body picture's


def per_measure(images: dict[str, bytes]) -> list[tuple[str, float]]:
    """(part, median over pictures of its CPU ms / that picture's decode) for the parts a body picture's
    checks always pay: the checks' own decode, the working copies, then each measure on a fresh
    Picture (a measure another one shares, such as the second differences of sharpness and
    resampling, is counted where it is first computed, in this order)."""
    from moderation.checks import imaging
    from moderation.checks.pictures import Picture
    from moderation.checks.uploads import decode_for_checks

    rows: dict[str, list[float]] = {}
    for data in images.values():
        buf = np.frombuffer(data, np.uint8)
        decoded = decode_for_checks(data, name="x.jpg")
        dec, safe, prep = timed(lambda: cv2.imdecode(buf, cv2.IMREAD_COLOR),
                                lambda: decode_for_checks(data, name="x.jpg"), lambda: imaging.prepare(decoded))
        rows.setdefault("decode_for_checks (Pillow's header check, quality, decode)", []).append(safe / dec)
        rows.setdefault("working copies (imaging.prepare)", []).append(prep / dec)
        for k, name in enumerate(MEASURES):
            def measure(name=name, before=MEASURES[:k]):
                picture = Picture("blocks[1]", "x.jpg", "body", imaging.prepare(decoded))
                for earlier in before:
                    getattr(picture, earlier)
                start = time.process_time()
                getattr(picture, name)
                return (time.process_time() - start) * 1000
            best = min(min(measure() for _ in range(REPEAT)) for _ in range(3))
            rows.setdefault(name, []).append(best / dec)
    return [(part, statistics.median(values)) for part, values in rows.items()]


def report(title: str, images: dict[str, bytes]) -> float:
    """Print one set's table; return its image-checks/decode ratio (body picture, all pictures)."""
    rows = {name: per_picture(data) for name, data in images.items()}
    ocr_rows = {name: ocr_time(data) for name, data in images.items()}
    photos = [r for name, r in rows.items() if name.startswith(("photo-", "room-", "portrait-", "shelf-"))]
    everything = list(rows.values())
    dec = statistics.median(r[0] for r in everything)

    def ratio(of: list, column: int) -> float:  # median over pictures of checks / that picture's decode
        return statistics.median(r[column] / r[0] for r in of)

    detected = [d for d, _ in ocr_rows.values() if d is not None]
    read = [r for _, r in ocr_rows.values() if r is not None]
    per_post = [ocr_per_post(p, f) for p, f in posts(images)]
    size = statistics.median(len(d) for d in images.values()) / 1024
    print(f"\n{title}: {len(images)} pictures (median {size:.0f} KB), {len(photos)} of them ordinary photos; "
          f"{len(detected)} with dense strokes, text detected on {len(read)}. CPU ms, fastest of 3×{REPEAT} runs, "
          f"median over pictures.")
    print(f"{'per picture':<52}{'ms':>8}{'× decode':>10}")
    table = [("decode alone (OpenCV, as the checks decode)", dec, 1.0),
             ("decode alone (Pillow, for comparison)", statistics.median(r[3] for r in everything),
              ratio([(r[0], r[3]) for r in everything], 1)),
             (f"all checks without OCR, body picture, photos ({len(photos)})", None, ratio(photos, 1)),
             (f"all checks without OCR, body picture, all ({len(everything)})", None, ratio(everything, 1)),
             ("all checks without OCR, cover (+collage, pHash), all", None, ratio(everything, 2))]
    if detected:
        table.append((f"OCR detection pre-pass, dense strokes ({len(detected)})", statistics.median(detected),
                      statistics.median(detected) / dec))
    if read:
        table.append((f"OCR reading, text detected ({len(read)})", statistics.median(read),
                      statistics.median(read) / dec))
    for label, ms, times in table:
        ms = times * dec if ms is None else ms
        print(f"{label:<52}{ms:>8.2f}{times:>10.2f}")
    print("  of which, body picture, each part alone (median over pictures, × that picture's decode):")
    for part, times in per_measure(images):
        print(f"    {part:<60}{times:>8.2f}")
    print(f"{'OCR per post (median of 8 posts, 4–9 pictures)':<52}{statistics.median(per_post):>8.1f}"
          f"{statistics.median(per_post) / dec:>10.1f}")
    old, new = job_per_post_routes(posts(images))
    print(f"{'whole picture job per post, detection ≤448 px (old)':<52}{old:>8.1f}{old / dec:>10.1f}")
    print(f"{'whole picture job per post, detection ≤½ size (now)':<52}{new:>8.1f}{new / dec:>10.1f}"
          f"   ({new / old:.2f}× the old route)")
    return ratio(everything, 1)


def main() -> None:
    generated = report("generated 1200×800 JPEGs (q85)", {n: d for n, d in corpus().items()})
    real = report("real photographs (scikit-image, scikit-learn; JPEG q90) and their variants", real_corpus())
    print(f"\nimage-checks/decode ratio: generated {generated:.2f}; real photos {real:.2f}")


if __name__ == "__main__":
    main()
