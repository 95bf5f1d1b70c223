"""CI-sized run of tools/long_run.py (issue 15): training through a DataLoader keeps the resident
set flat, and DataLoader worker epochs left early leave no child process nor file descriptor."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import long_run  # noqa: E402


def test_rss_flat_over_training_steps():
    rss_first, rss_last, loss = long_run.train(steps=1500, first=300)
    assert rss_last - rss_first <= 4.0, (rss_first, rss_last)
    assert loss < 2.0   # it did train (the loss starts near log(10) = 2.3)


def test_worker_epochs_left_early_leave_nothing_behind():
    for epoch in long_run.abandoned_worker_epochs(epochs=3):
        assert epoch["children_during"] == 2   # the workers ran, so their absence after is meaningful
        assert epoch["children"] == 0 and epoch["extra_fds"] <= 0, epoch
