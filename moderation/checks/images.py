"""Rules: pictures — 4.2(2) 图片规范, and the picture parts of 4.2(3) (QR codes, text shown as images)
and 4.4 (promotion on product images). They cover the cover, body images and product-card images.

Every finding says what was measured and the threshold, in the message and in ``evidence``
({"value", "threshold", ...}); findings about a place in the picture carry ``evidence["box"]`` =
[x, y, w, h] in the ORIGINAL picture's pixels. Thresholds can be overridden through
``ctx.thresholds`` under the names in ``DEFAULTS`` (and ``image_ocr_max_pictures``, the OCR cap per
post, 4, in pictures.py). The values were tuned on generated photo-like pictures (tests/checks/imagegen.py).

The check leaves the cover's perceptual hash in ``ctx.cache["cover_phash"]`` for the worker to index
(see phash.py). Upload-time validation is ``uploads.clean_upload``.
"""
from __future__ import annotations

import re

from .engine import BLOCK, WARN, CheckContext, Finding, Wording, make_finding, rule, say
from .imaging import DRAFT_SUSPECT_DETAIL
from .normalize import normalize
from .patterns import discounts, prices
from .phash import hash_small_copy
from .pictures import Picture, measurable, pictures, read_pictures
from .post import body_text_length
from .text import lexicons

# rule id → (severity, clause). The severity is RULES.md's, except that a rule blocks automatically
# only where its measured precision on real photographs (MEASURED_PRECISION) is at least
# AUTO_BLOCK_PRECISION; otherwise it warns, and its message starts "请编辑确认：" with what to check.
IMAGE_RULES: dict[str, tuple[str, str]] = {
    "IMAGE_INVALID": (BLOCK, "—"),
    "IMAGE_WHITE_BACKGROUND": (WARN, "4.2(2), 5.4-III.3"),  # RULES.md: block; measured 80%
    "IMAGE_DISTORTED": (WARN, "4.2(2), 5.4-III.4"),
    "IMAGE_BLURRY": (WARN, "5.4-III.3/4"),
    "IMAGE_DARK": (WARN, "4.2(2)"),
    "IMAGE_FACE_ON_GUIDE_COVER": (WARN, "4.2(2)"),
    "IMAGE_TEXT_HEAVY": (WARN, "4.2(2)"),
    "IMAGE_TEXT_SHARE": (BLOCK, "4.2(3)"),
    "IMAGE_WATERMARK": (BLOCK, "4.2(2)"),
    "IMAGE_COLLAGE": (BLOCK, "4.2(2)"),
    "IMAGE_PROMO_TEXT": (BLOCK, "4.2(2), 4.4"),
    "IMAGE_COVER_REUSED": (BLOCK, "4.2(2)"),
    "IMAGE_QR_CODE": (BLOCK, "4.2(3), 5.4-II.1"),
    "IMAGE_PRODUCT_SCREENSHOT": (BLOCK, "4.2(3)"),
}
AUTO_BLOCK_PRECISION = 0.95
# rule id → (true findings, all findings) on tests/checks/realphotos.py's corpus (270 pictures, 106
# without a violation), as bench/precision_images.py printed them on 2026-12-07; also in moderation/rulebook.py.
MEASURED_PRECISION: dict[str, tuple[int, int]] = {
    "IMAGE_INVALID": (1, 1),
    "IMAGE_WHITE_BACKGROUND": (4, 5),  # a logo on white reads as a product on white
    "IMAGE_DISTORTED": (85, 86),  # mild stretches and 2× enlargements found since 2026-12-07 (was 70/71)
    "IMAGE_BLURRY": (18, 18),  # the motion-blurred clock (as shipped and re-saved) since 2026-12-07
    "IMAGE_DARK": (32, 32),
    "IMAGE_FACE_ON_GUIDE_COVER": (1, 1),
    "IMAGE_TEXT_HEAVY": (3, 3),
    "IMAGE_TEXT_SHARE": (2, 2),
    "IMAGE_WATERMARK": (2, 2),  # an 18 px site handle along the bottom since 2026-12-07 (the handle band)
    "IMAGE_COLLAGE": (5, 5),  # a big pane beside two stacked ones since 2026-12-07
    "IMAGE_PROMO_TEXT": (3, 3),
    "IMAGE_COVER_REUSED": (1, 1),
    "IMAGE_QR_CODE": (2, 2),
    "IMAGE_PRODUCT_SCREENSHOT": (1, 1),
}

# What a rule draft must change for these rules' findings to change (moderation.rule_trials): the
# lexicons read on pictures (allow entries included) and the thresholds under DEFAULTS' names.
LEXICONS_READ = ("promo", "promo_allow")
OCR_CAP_THRESHOLD = "image_ocr_max_pictures"

DEFAULTS = {
    "image_white_border_share": 0.85,  # near-white share of the frame's outer ring
    "image_white_subject_share": 0.6,  # non-white pixels held by large blobs (a product, not text)
    "image_jpeg_quality": 40,  # estimated JPEG quality below which compression shows
    "image_upscale_detail": 0.048,  # top-band over mid-band power when enlarged (2×: 0.04–0.06; real photos 0.05+)
    "image_upscale_detail_resized": 0.07,  # … or this, when both axes carry a resampling period (3× 0.02–0.07)
    "image_resampling_period": 4.0,  # phase-coherent prominence of a resampling period (real photos without: 1.6–3.3)
    "image_resampling_across": 4.0,  # the other axis at the same step: at most this (and half) = stretched
    "image_upscale_pairs": 1.9,  # … or pixel-to-pixel alternation (2×: 2–18; untouched ≤ 1.6; read where detail < 0.1)
    "image_sharpness": 80,  # normalised Laplacian variance (photos, rooms, posters 115+; out of focus 15–55), and …
    "image_edge_steepness": 0.58,  # … the strongest edges as steep at half size (blurred 0.50–0.55; real photos 0.59+)
    "image_motion_detail": 15,  # motion blur: detail along one direction under this (motion-blurred clock 3–12) …
    "image_motion_anisotropy": 4.0,  # … and this many times more across it (real photos 1–3.5 where one side is that low)
    "image_brightness": 60,  # mean luma, together with …
    "image_highlights": 120,  # … the 98th percentile: dim only when nothing is bright (real photos 150+)
    "image_high_key": 170,  # mean luma of a bright, light-toned picture: flat but not 暗淡
    "image_contrast": 80,  # luma 2nd–98th percentile range (washed-out real photos 27–72; clean 90+), with …
    "image_colourfulness": 20,  # … colourfulness: dull and washed out
    "image_face_share": 0.15,  # face side over the picture's shorter side
    "image_cover_phash_distance": 10,
    "image_text_area_share": 0.10,  # text boxes over the picture's area …
    "image_text_chars": 40,  # … or this many characters: a picture carrying a lot of text
    "image_text_share": 0.10,  # 4.2(3) 此类形式占比不得超过全文的10%
    "image_watermark_edge": 0.12,  # a watermark sits within this share of the picture from an edge
    "image_watermark_height": 0.08,  # and its text is at most this share of the picture's height
}

COMIC_WORDS = ("漫画", "条漫", "四格")
TEXT_SHARE_MIN_CHARS = 20  # a sign or a label in a photo is not "text shown as pictures" …
TEXT_LINE_MIN_CHARS = 8  # … nor is a short line (a brand on a motorbike, a shop sign): text content runs longer
WATERMARK_MARKS = re.compile(r"[@©®]|水印|微博|小红书|抖音|快手|知乎|头条|b站|bilibili|值得买|\.com|\.cn|weibo|id[:：]", re.I)
SCREENSHOT_BUTTONS = ("加入购物车", "立即购买", "领券购买", "立即抢购", "马上抢", "去购买", "购物车")
SCREENSHOT_UI = ("店铺", "客服", "收藏", "月销", "已售", "评价", "好评率", "销量", "运费", "库存", "选择规格")


def _t(ctx: CheckContext, name: str):
    return ctx.threshold(name, DEFAULTS[name])


def _finding(rule_id: str, target: str, message: str | Wording, *, severity: str | None = None,
             **evidence) -> Finding:
    default, clause = IMAGE_RULES[rule_id]
    return make_finding(rule_id, severity or default, target, message, clause, evidence=evidence)


def _union(boxes: list[list[int]]) -> list[int]:
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return [x0, y0, x1 - x0, y1 - y0]


@rule("IMAGE_INVALID", kind="image")
def image_invalid(post: dict, ctx: CheckContext):
    """Not an image, corrupt, unsupported, too large or a decompression bomb: named, the rest still checked."""
    for pic in pictures(post, ctx):
        if pic.error is not None:
            yield _finding("IMAGE_INVALID", pic.target, pic.error.wording, code=pic.error.code, image=pic.ref)


# --- 4.2(2) 变形、压缩、拉伸、白底、模糊、暗淡 ----------------------------------------------------------------

@rule("IMAGE_WHITE_BACKGROUND", "IMAGE_DISTORTED", "IMAGE_BLURRY", "IMAGE_DARK", kind="image")
def image_quality(post: dict, ctx: CheckContext):
    """4.2(2) 禁止使用商品白底图; 不能出现变形、压缩、拉伸; 清晰明亮, 不要色彩暗淡 (5.4-III.3/4)."""
    for pic in measurable(post, ctx):
        yield from _white_background(pic, ctx)
        yield from _distorted(pic, ctx)
        yield from _blurry(pic, ctx)
        yield from _dark(pic, ctx)


def _white_background(pic: Picture, ctx: CheckContext):
    wb, limit = pic.white_background, _t(ctx, "image_white_border_share")
    if wb.border_share >= limit and wb.subject_share >= _t(ctx, "image_white_subject_share") \
            and wb.white_share < 0.98:
        yield _finding("IMAGE_WHITE_BACKGROUND", pic.target,
                       say("请编辑确认：{picture}疑似商品白底图：画面四周白色背景占比{share:.0%}（阈值{limit:.0%}），"
                           "请看主体是否为商品（标志、图标、插画不算），是则请换成实拍场景图", picture=pic.label,
                           share=wb.border_share, limit=limit), value=round(wb.border_share, 3), threshold=limit,
                       white_share=round(wb.white_share, 3), subject_share=round(wb.subject_share, 3))


def _distorted(pic: Picture, ctx: CheckContext):
    quality, q_limit = pic.prepared.decoded.jpeg_quality, _t(ctx, "image_jpeg_quality")
    if quality is not None and quality < q_limit:
        yield _finding("IMAGE_DISTORTED", pic.target,
                       say("请编辑确认：{picture}压缩严重：JPEG质量约{quality}（阈值{limit}），请看画面是否有色块、马赛克",
                           picture=pic.label, quality=quality, limit=q_limit),
                       kind="compressed", value=quality, threshold=q_limit)
    rs = pic.resampling
    if rs is None:
        return
    period, across = _t(ctx, "image_resampling_period"), _t(ctx, "image_resampling_across")
    axis = rs.one_axis(period, across)
    if axis is not None:
        p = rs.x if axis == "x" else rs.y
        yield _finding("IMAGE_DISTORTED", pic.target,
                       say("请编辑确认：{picture}疑似被{direction}拉伸或压扁（只在一个方向上重采样："
                           "周期信号强度{strength:.1f}，另一方向{across:.1f}；阈值{limit}），请看画面中的圆形、人脸、文字是否变形",
                           picture=pic.label, direction=say("横向") if axis == "x" else say("纵向"),
                           strength=p.prominence, across=p.across, limit=period),
                       kind="stretched", value=round(p.prominence, 2), threshold=period, axis=axis,
                       across=round(p.across, 2), frequency=round(p.frequency, 4))
        return
    limit, resized_limit = _t(ctx, "image_upscale_detail"), _t(ctx, "image_upscale_detail_resized")
    pairs = _t(ctx, "image_upscale_pairs")
    shared = min(rs.x.prominence, rs.y.prominence) >= period
    if rs.detail < limit or (shared and rs.detail < resized_limit) or rs.pairs >= pairs:
        used = limit if rs.detail < limit else resized_limit if shared and rs.detail < resized_limit \
            else DRAFT_SUSPECT_DETAIL
        yield _finding("IMAGE_DISTORTED", pic.target,
                       say("请编辑确认：{picture}疑似由小图放大：高频细节{detail:.3f}（阈值{limit}），请看画面是否发虚、边缘是否有锯齿",
                           picture=pic.label, detail=rs.detail, limit=used),
                       kind="upscaled", value=round(rs.detail, 4), threshold=used, pairs=round(rs.pairs, 2),
                       pairs_threshold=pairs)


MOTION_GATE = 2.5  # directional detail is measured only below this many times ``image_sharpness``


def _blurry(pic: Picture, ctx: CheckContext):
    """Little fine detail is not enough (a fundus photograph, a smooth gradient have little): the
    strongest edges must also be wide, as out-of-focus pictures' edges are. Motion blur smears one
    direction only, so the picture keeps detail across the motion: there, detail along the motion
    is what is missing (measured only on pictures that are not clearly sharp, so most pay nothing)."""
    sharpness, limit = pic.sharpness, _t(ctx, "image_sharpness")
    if sharpness >= MOTION_GATE * limit:
        return
    if sharpness < limit:
        ratio, steep = pic.edge_steepness
        wide = _t(ctx, "image_edge_steepness")
        if ratio < wide:
            yield _finding("IMAGE_BLURRY", pic.target,
                           say("请编辑确认：{picture}不够清晰：清晰度{sharpness:.0f}（阈值{limit}），最清楚的边缘也发虚"
                               "（边缘锐度比{ratio:.2f}，阈值{wide}），请看主体是否对上焦", picture=pic.label,
                               sharpness=sharpness, limit=limit, ratio=ratio, wide=wide),
                           value=round(sharpness, 1), threshold=limit, edge_ratio=round(ratio, 3), edge_threshold=wide)
            return
    sx, sy = pic.directional_sharpness
    low, high = min(sx, sy), max(sx, sy)
    detail, anisotropy = _t(ctx, "image_motion_detail"), _t(ctx, "image_motion_anisotropy")
    if low < detail and high >= anisotropy * max(low, 1e-3):
        yield _finding("IMAGE_BLURRY", pic.target,
                       say("请编辑确认：{picture}疑似拍摄时晃动（运动模糊）：{direction}细节{low:.0f}（阈值{limit}），"
                           "另一方向{high:.0f}，请看画面是否有拖影", picture=pic.label,
                           direction=say("横向") if sx < sy else say("纵向"), low=low, limit=detail, high=high),
                       kind="motion", value=round(low, 1), threshold=detail, across=round(high, 1),
                       anisotropy_threshold=anisotropy, axis="x" if sx < sy else "y")


def _dark(pic: Picture, ctx: CheckContext):
    """Relative to the content: a dark subject (a black product, a night scene) that is well exposed
    still has bright parts; an under-exposed picture has none. Flat and colourless counts only when
    the picture is not bright: a white product in a white room is light, not 暗淡."""
    ex = pic.exposure
    dim, top = _t(ctx, "image_brightness"), _t(ctx, "image_highlights")
    if ex.brightness < dim and ex.highlights < top:
        yield _finding("IMAGE_DARK", pic.target,
                       say("请编辑确认：{picture}画面偏暗：平均亮度{brightness:.0f}（阈值{dim}），最亮处亮度{highlights:.0f}"
                           "（阈值{top}），整张图曝光不足，请看主体是否看得清", picture=pic.label,
                           brightness=ex.brightness, dim=dim, highlights=ex.highlights, top=top), kind="dim", value=round(ex.brightness, 1),
                       threshold=dim, highlights=round(ex.highlights, 1), highlights_threshold=top)
        return
    flat, dull, light = _t(ctx, "image_contrast"), _t(ctx, "image_colourfulness"), _t(ctx, "image_high_key")
    tonal_range = ex.highlights - ex.shadows
    if tonal_range < flat and ex.colourfulness < dull and ex.brightness < light:
        yield _finding("IMAGE_DARK", pic.target,
                       say("请编辑确认：{picture}画面灰暗、色彩暗淡：对比度{contrast:.0f}（阈值{flat}），色彩度{colour:.0f}"
                           "（阈值{dull}），请看画面是否灰蒙蒙", picture=pic.label, contrast=tonal_range, flat=flat,
                           colour=ex.colourfulness, dull=dull), kind="dull", value=round(tonal_range, 1), threshold=flat,
                       colourfulness=round(ex.colourfulness, 1), colourfulness_threshold=dull)


# --- the cover -------------------------------------------------------------------------------------

@rule("IMAGE_COLLAGE", "IMAGE_COVER_REUSED", "IMAGE_FACE_ON_GUIDE_COVER", kind="image")
def cover_rules(post: dict, ctx: CheckContext):
    """4.2(2) 封面图禁止使用拼接图片; 封面不得重复使用; 导购类封面图严禁使用明星肖像."""
    for pic in measurable(post, ctx, "cover"):
        yield from _collage(pic)
        yield from _reused(pic, ctx)
        if post.get("kind") == "guide":
            yield from _faces(pic, ctx)


def _collage(pic: Picture):
    seams = pic.seams
    if not seams:
        return
    p = pic.prepared
    boxes = [p.to_original([s.at, s.start, 1, s.end - s.start] if s.axis == "x" else [s.start, s.at, s.end - s.start, 1],
                           p.medium) for s in seams]
    panes = len(seams) + 1
    yield _finding("IMAGE_COLLAGE", pic.target,
                   say("封面图为拼接图：检测到{seams}条拼接缝，由{panes}张画面拼成（允许1张），请换成一张完整的图片",
                       seams=len(seams), panes=panes),
                   value=panes, threshold=1, seams=boxes, box=_union(boxes))


def _reused(pic: Picture, ctx: CheckContext):
    phash = ctx.cache["cover_phash"] = hash_small_copy(pic.prepared.small)
    limit = _t(ctx, "image_cover_phash_distance")
    matches = ctx.history.similar_covers(phash, max_distance=limit)
    if not matches:
        return
    own = [m for m in matches if m[1] == ctx.author.username]
    key, _, distance = min(own or matches, key=lambda m: m[2])
    whose = say("你之前的文章") if own else say("其他作者的文章")
    yield _finding("IMAGE_COVER_REUSED", pic.target,
                   say("封面图与{whose}（{key}）的封面相同：感知哈希距离{distance}（阈值{limit}），封面图不得重复使用",
                       whose=whose, key=key, distance=distance, limit=limit),
                   value=distance, threshold=limit, phash=phash,
                   matches=[{"post": k, "author": a, "distance": d} for k, a, d in matches[:5]])


def _faces(pic: Picture, ctx: CheckContext):
    share = _t(ctx, "image_face_share")
    faces = pic.faces(share)
    if faces:
        size = faces[0][2] / min(pic.size)
        yield _finding("IMAGE_FACE_ON_GUIDE_COVER", pic.target,
                       say("请编辑确认：导购文章封面图上有人脸（{faces}处，最大占画面短边{size:.0%}，阈值{limit:.0%}），"
                           "请看是否为明星肖像（所推荐商品的代言人除外）", faces=len(faces), size=size, limit=share), value=round(size, 3), threshold=share,
                       box=faces[0], faces=faces)


# --- QR codes --------------------------------------------------------------------------------------

@rule("IMAGE_QR_CODE", kind="image")
def image_qr_code(post: dict, ctx: CheckContext):
    """4.2(3) 文内不能有其他平台的引导信息，如二维码; 5.4-II.1."""
    for pic in measurable(post, ctx):
        for code in pic.qr_codes:
            box = pic.prepared.to_original(code.box, pic.prepared.full)
            yield _finding("IMAGE_QR_CODE", pic.target,
                           say("{picture}含二维码（内容：{payload}），文内不能有二维码等站外引导信息", picture=pic.label,
                               payload=code.payload[:80]),
                           payload=code.payload, box=box)


# --- text on pictures (OCR) ------------------------------------------------------------------------

@rule("IMAGE_TEXT_HEAVY", "IMAGE_PROMO_TEXT", "IMAGE_PRODUCT_SCREENSHOT", "IMAGE_WATERMARK", kind="image")
def image_text(post: dict, ctx: CheckContext):
    """4.2(2) 不要使用含有文字内容的图片、水印; 4.2(3) 商品页截图; 4.4 商品图严禁出现促销信息."""
    for pic in read_pictures(post, ctx):
        if pic.lines:
            yield from _text_heavy(pic, ctx)
            yield from _promo_text(pic, ctx)
            yield from _screenshot(pic)
            yield from _watermark(pic, ctx)


def _chars(lines) -> int:
    return sum(len(re.sub(r"\s", "", line.text)) for line in lines)


def _text_heavy(pic: Picture, ctx: CheckContext):
    w, h = pic.size
    area = sum(line.box[2] * line.box[3] for line in pic.lines) / float(w * h)
    chars = _chars(pic.lines)
    limit, char_limit = _t(ctx, "image_text_area_share"), _t(ctx, "image_text_chars")
    if area >= limit or chars >= char_limit:
        yield _finding("IMAGE_TEXT_HEAVY", pic.target,
                       say("请编辑确认：{picture}上文字过多：约{chars}字，文字区域占画面{area:.0%}（阈值{limit:.0%}或{char_limit}字），"
                           "请看这些文字是否必要", picture=pic.label, chars=chars, area=area, limit=limit,
                           char_limit=char_limit),
                       value=round(area, 3), threshold=limit, chars=chars, chars_threshold=char_limit,
                       box=_union([line.box for line in pic.lines]), text=[line.text for line in pic.lines][:20])


def _promo_text(pic: Picture, ctx: CheckContext):
    lex = lexicons(ctx)
    hits = []
    for line in pic.lines:
        norm = normalize(line.text).text
        words = [h.term.term for h in lex.find(norm) if h.term.lexicon == "promo"]
        words += [m[2] for m in discounts(norm)]
        if words:
            hits.append((line, words))
    if hits:
        words = list(dict.fromkeys(w for _, ws in hits for w in ws))
        yield _finding("IMAGE_PROMO_TEXT", pic.target,
                       say("{picture}上有促销信息：“{text}”（{words}），图片上严禁出现促销信息", picture=pic.label,
                           text=hits[0][0].text, words=words[:5]),
                       value=words, box=_union([line.box for line, _ in hits]), text=[line.text for line, _ in hits])


def _screenshot(pic: Picture):
    text = normalize("".join(line.text for line in pic.lines)).text
    price = [m[2] for m in prices(text)]
    buttons = [b for b in SCREENSHOT_BUTTONS if b in text]
    ui = [u for u in SCREENSHOT_UI if u in text]
    if (price and (buttons or ui)) or (buttons and len(ui) >= 2):
        cues = price[:1] + buttons + ui
        boxes = [line.box for line in pic.lines if any(c in normalize(line.text).text for c in cues)]
        yield _finding("IMAGE_PRODUCT_SCREENSHOT", pic.target,
                       say("{picture}疑似商品页面截图：识别到{cues}，请勿直接使用商品页截图", picture=pic.label, cues=cues[:6]),
                       value=cues, threshold="价格+购买按钮或店铺界面", box=_union(boxes or [line.box for line in pic.lines]))


def _watermark(pic: Picture, ctx: CheckContext):
    """Small text near an edge or in a corner, or text that reads like a handle or a site; a body
    picture's watermark naming the author is allowed (作者拥有版权的正文图片允许保留水印)."""
    if pic.role == "product" or len(pic.lines) > 3:  # shops' pictures; a text-heavy picture is judged as such
        return
    w, h = pic.size
    edge, tall = _t(ctx, "image_watermark_edge"), _t(ctx, "image_watermark_height")
    own = {n.lower().lstrip("@") for n in (ctx.author.username, ctx.author.display_name) if n}
    for line in pic.lines:
        x, y, bw, bh = line.box
        near_x = min(x, w - x - bw) <= edge * w
        near_y = min(y, h - y - bh) <= edge * h
        marked = bool(WATERMARK_MARKS.search(line.text))
        if bh > tall * h or not (near_x and near_y or marked and (near_x or near_y)):
            continue
        if pic.role == "body" and any(n and n in line.text.lower() for n in own):
            continue
        severity = BLOCK if pic.role == "cover" else WARN
        message = say("{picture}上有水印“{text}”：封面图严禁出现任何水印", picture=pic.label, text=line.text) \
            if pic.role == "cover" else \
            say("请编辑确认：{picture}上有水印“{text}”，请看水印是否与作者本人强相关、是否过大", picture=pic.label,
                text=line.text)
        yield _finding("IMAGE_WATERMARK", pic.target, message,
                       severity=severity, value=line.text, threshold=f"距边缘{edge:.0%}以内、字高≤{tall:.0%}",
                       box=line.box)
        return


@rule("IMAGE_TEXT_SHARE", kind="image")
def image_text_share(post: dict, ctx: CheckContext):
    """4.2(3) 禁止使用图片展现文字内容，如确需引用，此类形式占比不得超过全文的10%；漫画型内容除外."""
    words = " ".join([post.get("title", "")] + list(post.get("tags") or []))
    if any(w in words for w in COMIC_WORDS):
        return
    in_pictures = _chars(line for pic in read_pictures(post, ctx) if pic.role == "body" for line in pic.lines or ()
                         if len(re.sub(r"\s", "", line.text)) >= TEXT_LINE_MIN_CHARS)
    in_text = body_text_length(post)
    limit = _t(ctx, "image_text_share")
    share = in_pictures / max(1, in_text)
    if in_pictures >= TEXT_SHARE_MIN_CHARS and share > limit:
        yield _finding("IMAGE_TEXT_SHARE", "post",
                       say("图片中的文字约{chars}字，占正文文字（{text_chars}字）的{share:.0%}（上限{limit:.0%}），"
                           "请把文字内容写进正文", chars=in_pictures, text_chars=in_text, share=share, limit=limit), value=round(share, 3), threshold=limit, image_chars=in_pictures,
                       text_chars=in_text, unread=ctx.cache.get("ocr_skipped", []))
