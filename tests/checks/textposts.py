"""Realistic Chinese posts for the text-rule tests and bench/checks.py.

The paragraphs are written like real reviews, guides and news on the platform, and are clean: a post
built from them alone must raise no text finding. Tests then plant one problem at a time.
"""
from __future__ import annotations

from moderation.checks import AuthorInfo, CheckContext

PHONE_REVIEW = [
    "拿到华为P60已经整整两周了，这段时间它一直是我的主力机。作为一个每天通勤两个小时的上班族，我最关心的是续航和拍照，"
    "所以这篇文章不聊跑分，只说日常使用里真实的感受，希望能给正在纠结的朋友一点参考。",
    "先说外观。羽砂黑的后盖摸起来有细腻的磨砂感，不沾指纹，单手握持时边框的弧度刚好贴合掌心。"
    "镜头模组比上一代收敛了不少，放在桌面上晃动不明显，整机重量控制得也不错，放进衬衫口袋不会往下坠。",
    "影像是这台手机的重头戏。白天拍街景时色彩克制，不会过分鲜艳，高光压得住，暗部细节保留得比较多。"
    "晚上在小区里试了几张夜景，路灯的光晕控制得干净，树叶的纹理依然清楚，手持两秒左右就能出片，成功率很高。",
    "续航方面，我的用法是早上七点拔下充电器，通勤路上听播客、刷新闻，白天处理工作消息，晚上回家再看一集剧。"
    "连续一周下来，睡前基本还剩百分之三十左右的电量，偶尔出差多开导航，也能撑到晚上十点。",
    "当然它也有不足。系统自带的应用有点多，初次开机要花时间整理；充电功率在同档位里不算激进，"
    "从没电到充满大约要一个小时。另外长焦镜头在室内弱光下偶尔会切换到主摄裁切，画质会打一点折扣。",
    "总的来说，如果你看重拍照和续航，又不想要一台太重的手机，P60值得认真考虑。"
    "如果你是重度游戏玩家，更在意高帧率和散热，那可以再看看其他定位更偏性能的机型。",
]

SKINCARE_GUIDE_INTRO = (
    "换季的时候皮肤最容易出状况，早晚温差一大，脸颊就开始发干起皮，T区却照样出油。很多朋友问我这个阶段该怎么调整护肤步骤，"
    "其实思路并不复杂：清洁温和一点，保湿做足一点，白天认真防晒。下面按照早晚的使用顺序，把我自己用了一整个秋天、"
    "觉得靠谱的几样东西整理出来，适合混合肌和偏干的朋友参考，油皮的朋友也可以挑着看。"
)

SKINCARE_BLURBS = [
    "这支氨基酸洁面的泡沫细腻，洗完脸不会有紧绷感，早上用它配合温水洗一遍就足够了。它的清洁力偏温和，"
    "如果白天化了比较厚的底妆，晚上还是要先卸妆再用它。挤一颗黄豆大小就能打出满手泡沫，一支能用两个多月，出差带着也不占地方。",
    "保湿水我选的是偏清爽的质地，拍在脸上吸收很快，不会黏腻。干皮的朋友可以用化妆棉湿敷两三分钟，"
    "脸颊起皮的地方会明显服帖很多。它的味道很淡，几乎闻不到香精味，敏感的时候用也没有刺痛，大瓶装用起来也不心疼。",
    "面霜是这套里我最喜欢的一样。质地像打发的奶油，推开以后是一层很薄的膜，晚上涂完第二天早上起来脸还是软软的。"
    "混合肌的朋友T区少涂一点就好，两颊可以多涂一层。它的瓶口设计得比较宽，最后一点也很容易挖出来。",
    "防晒是换季最容易被忽视的一步。这支防晒的成膜速度快，涂完等一两分钟就能上妆，不搓泥也不泛白。"
    "通勤日常一次用量大概是一元硬币大小，户外活动多的时候记得中午补涂一次，夏天和秋天都能用。卸妆时用普通洁面就能洗干净。",
    "最后是一款修护精华，适合熬夜之后或者脸颊泛红的时候用。它的质地是透明的啫喱，抹开就化成水，"
    "我一般在保湿水之后、面霜之前用两泵。坚持用了三周，两颊反复泛红的情况缓和了不少，上妆也更服帖，换季的时候我一直把它放在手边。",
]

SKINCARE_GUIDE_OUTRO = (
    "护肤说到底是一件长期的事情，没有哪一样东西能立刻解决所有问题。换季的时候少折腾，把清洁、保湿、防晒这三步做好，"
    "皮肤自然会慢慢稳定下来。以上几样都是我自己实际用过的，大家可以根据自己的肤质挑选，干皮多关注保湿，油皮注意清洁，"
    "敏感肌第一次用新东西之前先在耳后试一试，没有问题再上脸。也欢迎大家在评论区聊聊自己的换季护肤心得。"
)

NEWS = [
    "在今天下午举行的新品发布会上，小米正式发布了小米14系列手机，包括小米14和小米14 Pro两款机型。"
    "这是小米首批搭载新一代骁龙处理器的手机，两款机型均配备徕卡光学镜头，系统升级为澎湃OS。",
    "外观方面，小米14采用直屏设计，屏幕尺寸为6.36英寸，边框比上一代更窄；小米14 Pro则采用四曲面屏幕，"
    "中框为钛金属材质。影像部分，两款机型都配备了光影猎人900传感器，并加入了新的长焦镜头。",
    "续航方面，小米14内置4610mAh电池，支持90W有线快充和50W无线快充；小米14 Pro的电池容量为4880mAh，"
    "有线快充提升到120W。官方表示，新系统在后台管理上做了优化，日常使用的续航会比上一代有所提升。",
    "从这次发布的内容来看，小米把重点放在了影像和系统上。新的澎湃OS打通了手机、平板和智能家居设备，"
    "对于家里已经有不少小米生态产品的用户来说，这次升级会更有吸引力。我们也会尽快拿到真机，带来完整的上手体验。",
]

RECIPE = [
    "周末在家做了一道清蒸鲈鱼，做法简单，十几分钟就能上桌。鲈鱼买回来以后先去鳞去内脏，在鱼身两面各划三刀，"
    "塞进姜片和葱段，用少许料酒腌十分钟去腥。蒸锅里的水烧开之后再把鱼放进去，大火蒸八分钟左右，关火再焖两分钟。",
    "蒸鱼的时候可以准备料汁：蒸鱼豉油加一点清水和白糖调匀。鱼蒸好以后倒掉盘子里的汤水，换上新的葱丝和姜丝，"
    "淋上料汁，再把烧到冒烟的热油浇在葱丝上，听到滋啦一声，香味一下子就出来了。鱼肉嫩滑，带着淡淡的豉油鲜味。",
]


def paragraphs(texts, *, image_every: int = 2) -> list[dict]:
    """Text blocks with an image block after every ``image_every`` paragraphs."""
    blocks = []
    for i, text in enumerate(texts, 1):
        blocks.append({"type": "paragraph", "text": text})
        if i % image_every == 0:
            blocks.append({"type": "image", "src": f"images/{i}.jpg", "caption": "实拍"})
    return blocks


def review(**overrides) -> dict:
    post = {
        "format": "reviewdesk.post/1",
        "author": {"username": "shuma_home", "display_name": "数码之家", "category": "数码"},
        "kind": "review",
        "title": "华为P60深度体验：影像与续航的一次全面升级",
        "cover": "images/cover.jpg",
        "tags": ["手机", "影像"],
        "blocks": paragraphs(PHONE_REVIEW) + [product("HUAWEI P60 8GB+256GB 羽砂黑", brand="HUAWEI")],
    }
    post.update(overrides)
    return post


def news(**overrides) -> dict:
    post = review(kind="news", title="小米14系列正式发布：徕卡影像与澎湃OS同步亮相", tags=["新品", "手机"],
                  blocks=paragraphs(NEWS) + [product("Xiaomi 小米14 12GB+256GB 黑色", brand="Xiaomi", price=3999.0)])
    post.update(overrides)
    return post


def product(name: str, *, sku: str = "100012345678", brand: str = "", category: str = "手机",
            price: float | None = 4488.0, on_shelf: bool = True, display: str = "small", **extra) -> dict:
    return {"type": "product", "sku": sku, "name": name, "brand": brand, "category": category, "price": price,
            "on_shelf": on_shelf, "image": f"images/p{sku[-2:]}.jpg", "display": display, **extra}


SKINCARE_PRODUCTS = [("氨基酸洁面乳 120g", "美妆"), ("清爽保湿水 200ml", "美妆"), ("修护面霜 50g", "美妆"),
                     ("轻薄防晒霜 SPF50 50ml", "美妆"), ("舒缓修护精华 30ml", "美妆")]


def guide_item(i: int, blurb: str, name: str, category: str = "美妆") -> list[dict]:
    """One guide item in the standard's order: product image → product card → recommendation."""
    return [{"type": "image", "src": f"images/g{i}.jpg"},
            product(name, sku=f"1000000000{i:02d}", category=category, price=99.0),
            {"type": "paragraph", "text": blurb}]


def guide(**overrides) -> dict:
    blocks = [{"type": "paragraph", "text": SKINCARE_GUIDE_INTRO}]
    for i, (blurb, (name, category)) in enumerate(zip(SKINCARE_BLURBS, SKINCARE_PRODUCTS)):
        blocks += guide_item(i, blurb, name, category)
    blocks += [{"type": "heading", "text": "写在最后"}, {"type": "paragraph", "text": SKINCARE_GUIDE_OUTRO}]
    post = review(kind="guide", title="换季护肤不踩坑：混合肌早晚护理的五样好物", tags=["护肤", "换季"],
                  author={"username": "meizhuang", "display_name": "小鹿爱美妆", "category": "美妆"}, blocks=blocks)
    post.update(overrides)
    return post


def context(post: dict | None = None, **kwargs) -> CheckContext:
    author = (post or {}).get("author") or {"username": "shuma_home", "display_name": "数码之家"}
    info = AuthorInfo(author["username"], author.get("display_name", ""), author.get("category", ""),
                      kwargs.pop("licensed_health", False), kwargs.pop("licensed_adult", False))
    return CheckContext(author=info, **kwargs)


def target_text(post: dict, target: str) -> str:
    """The original text a finding's target names: title, tags[i] or blocks[i]."""
    if target == "title":
        return post["title"]
    part, index = target.rstrip("]").split("[")
    items = post["tags"] if part == "tags" else post["blocks"]
    return items[int(index)] if part == "tags" else items[int(index)]["text"]


def run(post: dict, rule_id: str, ctx: CheckContext | None = None) -> list:
    """The findings of one rule, after checking that every span is an exact slice of the original."""
    from moderation.checks import check_post

    found = check_post(post, ctx or context(post))
    for f in found:
        if f.start is not None:
            assert target_text(post, f.target)[f.start:f.end] == f.excerpt, f
    return [f for f in found if f.rule == rule_id]


def with_paragraph(post: dict, text: str, at: int = 1) -> dict:
    """A copy of ``post`` with one more paragraph at block index ``at``."""
    blocks = list(post["blocks"])
    blocks.insert(at, {"type": "paragraph", "text": text})
    return {**post, "blocks": blocks}
