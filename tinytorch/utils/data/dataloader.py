"""``torch.utils.data.dataloader``: ``DataLoader``, ``default_collate`` and the worker info (defined in ``utils/data``)."""
from . import DataLoader, default_collate, get_worker_info  # noqa: F401

__all__ = ["DataLoader", "default_collate", "get_worker_info"]
