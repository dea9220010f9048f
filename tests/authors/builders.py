"""Builders for standing tests: an author's history as real rows (posts, revisions, submit events,
decisions at chosen times), the hooks applied in order as the moderation services would."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from moderation.lifecycle import State
from moderation.models import Decision, Post, PostEvent, Revision
from moderation.actions import penalties, review

SH = ZoneInfo("Asia/Shanghai")
OUTCOME_STATE = {"approve": State.APPROVED, "return": State.RETURNED, "reject": State.REJECTED,
                 "take_offline": State.OFFLINE}


def at(day: int, hour: int = 10) -> datetime:
    """A moment in March 2024, Shanghai time. Mondays: 4, 11, 18, 25."""
    return datetime(2024, 3, 1, hour, tzinfo=SH) + timedelta(days=day - 1)


def make_post(author, *, submitted_at, state=State.IN_QUEUE, title=None) -> Post:
    """A submitted post with one revision, its submit event at ``submitted_at``."""
    post = Post.objects.create(author=author, kind="review", state=state)
    revision = Revision.objects.create(post=post, number=1, title=title or f"通勤耳机实测第{post.pk}篇：降噪续航与佩戴",
                                       document={}, content_hash=f"hash-{post.pk}")
    post.current_revision = revision
    post.save(update_fields=["current_revision"])
    event = PostEvent.objects.create(post=post, event="submit", from_state="draft", to_state="submitted")
    PostEvent.objects.filter(pk=event.pk).update(created_at=submitted_at)
    return post


def record_decision(post, *, outcome, reasons=(), at, editor=None, hook=True) -> Decision:
    """An editor's decision at ``at`` (post state moved accordingly), then the on_decision hook."""
    decision = Decision.objects.create(post=post, revision=post.current_revision, editor=editor, outcome=outcome,
                                       reasons=list(reasons))
    Decision.objects.filter(pk=decision.pk).update(created_at=at)
    Post.objects.filter(pk=post.pk).update(state=OUTCOME_STATE[outcome])
    decision.refresh_from_db()
    if hook:
        penalties.assess_decision(decision)
    return decision


def decide(post, editor, outcome, reasons=(), message=""):
    """An editor's decision through the service (claims a queued post first)."""
    post.refresh_from_db()
    if post.state == State.IN_QUEUE:
        post = review.claim_post(post, actor=editor)
    return review.decide_post(post, actor=editor, outcome=outcome, reasons=list(reasons), message=message,
                           version=post.version)


# Distinct reviews, so that a whitelisted author's second and third posts are not near-duplicates
# of the first (BODY_DUPLICATE would send them to the queue).
OTHER_TAGS = [["键盘", "办公"], ["台灯", "护眼"]]
OTHER_REVIEWS = [
    [
        "这把机械键盘我在办公室用了一个月，每天敲字七八个小时。它用的是线性轴，按压手感顺滑，"
        "触发行程比较短，打字速度快的人会喜欢。键帽是双色注塑的，字符不会因为长期摩擦而变淡，"
        "表面有细微的磨砂颗粒，手指出汗时也不打滑。",
        "连接方式支持有线、蓝牙和无线接收器三种，我在台式机上用接收器，平板上用蓝牙，切换只需要按一下组合键。"
        "电池容量不小，关掉背光大约能用三周，打开背光也能撑一周左右。底部有两段脚撑，调到第二档时手腕角度最舒服。",
        "噪音方面，它比青轴安静得多，但在安静的会议室里敲击声仍然明显，建议搭配消音圈。"
        "配套软件可以自定义每个按键的功能，我把不常用的右侧按键改成了截图和静音，效率提升不少。",
        "缺点是键盘本身偏重，不太适合经常带着出门；另外软件只有电脑版，手机上无法调整设置。"
        "如果你主要在固定工位办公，又想要一把手感扎实、连接灵活的键盘，它值得考虑。",
        "最后补充一点使用习惯上的建议：新键盘刚上手时，小指容易按错最边上的几个键，大约适应三四天就好了。"
        "键盘的接收器可以收纳在底部的卡槽里，搬工位时不容易丢；清洁时用附带的拔键器取下键帽，"
        "用软毛刷把缝隙里的灰尘扫出来即可，半年来没有出现过按键失灵的情况。",
        "和我之前用的薄膜键盘相比，这把键盘最大的变化是长时间打字后手指不那么累，"
        "每个按键的回弹力度一致，写长文档时节奏更稳定。同事借去试了一下午，也说比想象中安静。",
    ],
    [
        "家里孩子开始写作业以后，我换了这盏护眼台灯，用了六周，说说真实感受。灯头是长条形的，"
        "照射范围能覆盖整张书桌，左右两侧的亮度差别不大，写字时手不会在纸面上投下明显的阴影。",
        "它有自动调光功能，傍晚天色变暗时会慢慢提高亮度，晚上开着顶灯时又会降下来，孩子不用自己去调。"
        "色温可以在暖光和白光之间切换，读书时用中性光，睡前看绘本就切到暖光，眼睛明显舒服一些。",
        "灯臂的阻尼调得很好，单手就能把灯头转到合适的位置，松手后不会回弹。底座比较重，"
        "孩子趴在桌上时碰到灯也不会倒。触控按键的位置在底座正面，夜里摸黑也能找到。",
        "不足之处是定时关灯只有固定的几档，不能精确到分钟；电源线也稍短，离插座远的书桌需要接线板。"
        "整体来看，它把该做的照明做得很扎实，适合给上学的孩子用。",
        "再补充几个细节：灯罩内侧做了防眩光处理，从侧面看不到刺眼的灯珠；长时间开着，灯头只是微微发温，"
        "不会烫手。孩子写作业前我会让他先把桌面收拾干净，配合这盏台灯，坐姿也比以前端正了一些，"
        "这算是意外的收获。",
        "和以前那盏普通台灯比，最明显的区别是光线更均匀，桌面边缘不再发暗，孩子看书时不用把书本凑到灯下。"
        "晚上我自己也会借来看一会儿书，半个小时下来眼睛不干涩。灯的做工也不错，接缝处没有毛刺，"
        "按键的手感清脆，用了一个多月没有出现闪烁或者接触不良的问题。如果家里有上学的孩子，"
        "建议把台灯放在写字那只手的对侧，这样写字时手不会挡住光线。",
    ],
]
