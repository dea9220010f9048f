"""The RQ worker class for the desk: loads jieba (and the rule engine) once in the worker process,
so the forked work horses inherit it instead of paying about a second per job."""
import logging

from rq.worker import Worker


class PreloadWorker(Worker):
    def work(self, *args, **kwargs):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        from moderation import checks  # noqa: F401  (imports and compiles the rules once)

        warm = getattr(checks, "warm_up", None)
        if warm:
            warm()
        return super().work(*args, **kwargs)
