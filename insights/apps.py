from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """How well the desk works: rollups, the operations dashboard, per-rule precision, notices to
    authors, review timers and reviewers' quality control."""

    name = "insights"
    verbose_name = "审核运营"
