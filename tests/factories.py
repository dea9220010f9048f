"""Builders for tests: realistic Chinese posts in the reviewdesk.post/1 shape, photo-like JPEGs,
and the fixed cast of users (alice and charlie write, bob and erin edit, dora runs the desk)."""
from __future__ import annotations

import io
import random

import numpy as np

from PIL import Image, ImageDraw, ImageFilter

PARAGRAPHS = [
    "这款耳机我已经连续用了三周，通勤、跑步和办公室里都戴过。佩戴方面，耳翼的硅胶比较软，"
    "跑步十公里下来没有明显的压迫感，也没有掉出来过。降噪在地铁里表现不错，车厢的低频轰鸣基本被压住了，"
    "但人声还能隐约听到，适合需要留意报站的人。",
    "音质上，它的低频量感比较足，听流行乐很有冲击力；中频人声稍微靠后，听民谣时会觉得不够贴耳。"
    "好在配套应用里有十段均衡器，我把两千赫兹附近提了两格，人声就清楚多了。通话时风噪抑制做得一般，"
    "在室外骑车接电话对方反馈有呼呼声。",
    "续航是这款耳机的亮点。官方标称单次八小时，我实测开降噪连续播放大约七小时二十分钟，"
    "配合充电盒能用一周左右。充电盒支持无线充电，放在手机的无线充电板上就能充，出差的时候少带一根线。",
    "再说说细节体验。充电盒的磁吸力度刚好，单手就能打开；耳机入盒时有轻微的提示音，不用低头确认是否放好。"
    "触控区域在耳柄上，轻点暂停、长按切换降噪模式，误触的情况很少。连接方面支持双设备同时在线，"
    "我在电脑上开会、手机来电时能自动切换过去，这个功能对经常在工位上办公的人很实用。",
    "总的来说，如果你每天通勤时间长、又经常运动，这款耳机的佩戴稳定性和续航会让你满意；"
    "如果你更在意人声和通话质量，可以再看看同价位的其他型号，结合自己的使用场景来选择。",
]

# A second, unrelated review, for posts that must not look like near-duplicates of the first.
RICE_COOKER = [
    "家里的老电饭煲用了八年，内胆涂层开始脱落，趁着搬家换了一台四升的电饭煲。用了一个月，煮饭、煲粥、蒸菜都试过，"
    "这里说说真实感受。外观是简单的白色，操作面板只有几个实体按键，老人也能很快上手。",
    "煮饭是最常用的功能。标准模式大约四十分钟，米粒饱满、软硬适中，底部不会糊；快煮模式二十五分钟左右，"
    "口感稍微硬一点，赶时间的早上很实用。内胆比较厚，拿在手里有分量，清洗时不粘饭粒。",
    "煲粥模式我用得也多，晚上预约，早上起床就能喝到绵密的白粥，米油很足。预约功能最长支持二十四小时，"
    "夏天预约时间太长的话建议少放一些水，不然粥会比较稀。蒸笼可以同时蒸两个馒头或者一盘蔬菜。",
    "不足的地方是保温时间久了，靠近内胆边缘的米饭会变干，建议吃多少煮多少。另外提示音偏大，"
    "深夜预约的时候可能会吵到家人，希望以后能加一个静音选项。",
    "再说说清洁。内盖可以拆下来直接冲洗，蒸汽阀也能拧开清理，不会藏着米汤的味道；外壳是磨砂材质，"
    "溅上油点用湿布一擦就干净。电源线可以收进机身背面，放在橱柜里不占地方，这些细节用久了会觉得很贴心。",
    "整体来看，这台电饭煲适合三到五口之家，功能够用、清洗方便，做饭的效率比以前高了不少。"
    "如果你家里人口少、主要用来煮饭，这个容量和价位都比较合适。",
]


def photo_jpeg(seed: int = 0, size=(1200, 800), quality: int = 85) -> bytes:
    """A photo-like JPEG: a sky-to-floor gradient, a few shaded shapes, texture and noise."""
    rnd = random.Random(seed)
    w, h = size
    top = (rnd.randint(90, 160), rnd.randint(110, 170), rnd.randint(150, 210))
    bottom = (rnd.randint(60, 110), rnd.randint(50, 90), rnd.randint(30, 70))
    grad = Image.linear_gradient("L").resize(size)
    im = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), grad)
    draw = ImageDraw.Draw(im)
    for _ in range(14):
        x, y = rnd.randint(0, w), rnd.randint(0, h)
        r = rnd.randint(30, 200)
        colour = tuple(rnd.randint(40, 230) for _ in range(3))
        (draw.ellipse if rnd.random() < 0.5 else draw.rectangle)((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    grain = np.random.default_rng(seed).normal(0, 6, (h, w, 1))
    im = Image.fromarray(np.clip(np.asarray(im, dtype=np.float32) + grain, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=quality)
    return out.getvalue()


def post_document(*, title="通勤耳机实测三周：降噪、续航与佩戴的真实体验", kind="review", paragraphs=None,
                  extra_blocks=(), username="alice", with_image=True, tags=("耳机", "通勤")) -> dict:
    blocks = [{"type": "paragraph", "text": p} for p in (paragraphs or PARAGRAPHS)]
    if with_image:
        blocks.insert(1, {"type": "image", "src": "images/1.jpg", "caption": "地铁里的佩戴效果"})
    blocks.extend(extra_blocks)
    return {
        "format": "reviewdesk.post/1",
        "author": {"username": username, "display_name": username, "category": "数码"},
        "kind": kind,
        "title": title,
        "cover": "images/cover.jpg",
        "tags": list(tags),
        "blocks": blocks,
    }


def uploads_for(document: dict, seed: int = 1) -> dict[str, bytes]:
    from moderation.postformat import image_paths, validate_post

    return {ref: photo_jpeg(seed + i) for i, ref in enumerate(image_paths(validate_post(document)))}


def returned_post(cast, run_worker):
    """alice's post, scored by a real worker, claimed by bob and returned for revision ("标题请精简",
    TITLE_LENGTH): bob's decision."""
    from moderation.actions import review, submission

    document = post_document()
    post = submission.submit_post(cast.alice.author, document=document, uploads=uploads_for(document),
                                  actor=cast.alice)
    run_worker()
    post.refresh_from_db()
    claimed = review.claim_post(post, actor=cast.bob)
    return review.decide_post(claimed, actor=cast.bob, outcome="return", reasons=["TITLE_LENGTH"],
                              message="标题请精简", version=claimed.version)


def role_group(name: str):
    """The role's group as the data migration makes it (transactional tests flush it away)."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=name)
    if created and name == "editor":
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="moderation", codename__in=["review_post", "view_post", "view_decision"]))
    if created and name == "admin":
        group.permissions.add(*Permission.objects.filter(content_type__app_label__in=["moderation", "authors"]))
    return group
