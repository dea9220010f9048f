"""What a scoring worker sets up before its first job."""
import cv2
import pytest

from moderation.worker import warm_up


@pytest.fixture
def opencv_threads():
    before = cv2.getNumThreads()
    cv2.setNumThreads(max(2, before))  # OpenCV's default: a pool of one thread per core
    yield
    cv2.setNumThreads(before)


def test_a_scoring_worker_runs_opencv_on_one_thread(db, opencv_threads):
    """A worker per core scores one post at a time: OpenCV's own pool only made the workers fight for
    the same cores (bench/images.py: 4.8-5.1x one decode of process CPU with the pool, 3.7x without)."""
    assert cv2.getNumThreads() >= 2
    warm_up()
    assert cv2.getNumThreads() == 1
