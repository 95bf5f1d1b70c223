"""DataLoader worker processes (``num_workers > 0``), run the way PyTorch runs them.

The main process sends batch number k's indices to worker ``k % num_workers`` and keeps
``prefetch_factor * num_workers`` batches in flight.  Every worker loads its batches with
the loader's fetch function and sends them back on one shared result queue.  The main
process yields them in sampler order; with ``in_order=False`` it yields them as they arrive.

Each worker, on start:

- seeds Python's ``random``, NumPy's global generator and tinytorch's default generator with
  ``base_seed + worker_id`` (``base_seed`` is drawn from the loader's generator when the
  workers start);
- runs ``worker_init_fn(worker_id)``;
- answers ``get_worker_info()``.

Errors:

- An exception in a worker is raised in the main process with the worker's traceback.
- A worker that dies ends the epoch with an error naming its pid.

Batches travel between the processes by pickling, in memory; nothing is written to disk.
"""
import multiprocessing
import queue
import random
import traceback

import numpy as np

_START_METHODS = ("fork", "spawn", "forkserver")
_POLL_SECONDS = 1.0   # how often a waiting main process checks that its workers are alive


class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker process."""

    __slots__ = ("id", "num_workers", "seed", "dataset")

    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return (f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, "
                f"dataset={self.dataset!r})")


_worker_info = None


def get_worker_info():
    """In a DataLoader worker: its ``WorkerInfo`` (id, num_workers, seed, dataset). Else None."""
    return _worker_info


def resolve_context(context, num_workers):
    """The multiprocessing context for ``multiprocessing_context``, checked as PyTorch checks it."""
    if context is None:
        return None
    if num_workers == 0:
        raise ValueError("multiprocessing_context can only be used with multi-process loading (num_workers > 0), "
                         f"but got num_workers={num_workers}")
    if isinstance(context, str):
        if context not in multiprocessing.get_all_start_methods():
            raise ValueError("multiprocessing_context option should specify a valid start method in "
                             f"{list(multiprocessing.get_all_start_methods())}, but got "
                             f"multiprocessing_context={context!r}")
        return multiprocessing.get_context(context)
    if not isinstance(context, multiprocessing.context.BaseContext):
        raise TypeError("multiprocessing_context option should be a valid context object or a string specifying "
                        f"the start method, but got multiprocessing_context={context!r}")
    return context


class _Failure:
    """An exception raised in a worker, carried to the main process with its traceback text."""

    def __init__(self, worker_id, error):
        self.worker_id = worker_id
        self.error_type = type(error)
        self.text = "".join(traceback.format_exception(type(error), error, error.__traceback__))

    def reraise(self):
        message = f"Caught {self.error_type.__name__} in DataLoader worker process {self.worker_id}.\nOriginal {self.text}"
        try:
            error = self.error_type(message)
        except Exception:   # an exception class that cannot be built from one message
            error = RuntimeError(message)
        raise error


def _worker_loop(fetch, dataset, worker_id, num_workers, seed, worker_init_fn, index_queue, result_queue):
    """One worker: seed, run worker_init_fn, then fetch batches until it receives None."""
    global _worker_info
    from .. import _creation

    random.seed(seed)
    np.random.seed(seed % 2 ** 32)
    _creation.manual_seed(seed)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
    init_failure = None
    if worker_init_fn is not None:
        try:
            worker_init_fn(worker_id)
        except Exception as error:
            init_failure = _Failure(worker_id, error)
    while True:
        job = index_queue.get()
        if job is None:
            return
        batch_no, indices = job
        if init_failure is not None:
            result_queue.put((batch_no, init_failure))
            continue
        try:
            data = fetch(indices)
        except Exception as error:
            data = _Failure(worker_id, error)
        result_queue.put((batch_no, data))


class WorkerPool:
    """``num_workers`` processes, each with its own index queue, and one result queue.

    ``run(jobs)`` yields the loaded batches of one epoch.  The pool can serve several epochs
    (``persistent_workers``) as long as each epoch is read to its end.  ``shutdown()`` stops
    the processes.
    """

    def __init__(self, fetch, dataset, num_workers, base_seed, worker_init_fn, context, prefetch_factor,
                 timeout, in_order):
        ctx = context or multiprocessing.get_context()
        self.prefetch, self.timeout, self.in_order = prefetch_factor * num_workers, timeout, in_order
        self.result_queue = ctx.Queue()
        self.index_queues, self.processes = [], []
        for worker_id in range(num_workers):
            index_queue = ctx.Queue()
            process = ctx.Process(target=_worker_loop, daemon=True,
                                  args=(fetch, dataset, worker_id, num_workers, base_seed + worker_id,
                                        worker_init_fn, index_queue, self.result_queue))
            process.start()
            self.index_queues.append(index_queue)
            self.processes.append(process)
        self.busy = False   # True while an epoch is being read

    def run(self, jobs):
        """Yield the batches for ``jobs`` (one list of indices, or one index, per batch)."""
        self.busy = True
        n = len(self.processes)
        sent, next_out, waiting = 0, 0, {}
        while sent < min(len(jobs), max(self.prefetch, 1)):
            self.index_queues[sent % n].put((sent, jobs[sent]))
            sent += 1
        for _ in range(len(jobs)):
            if self.in_order:
                while next_out not in waiting:
                    batch_no, data = self._receive()
                    waiting[batch_no] = data
                data = waiting.pop(next_out)
            else:
                _, data = self._receive()
            next_out += 1
            if sent < len(jobs):
                self.index_queues[sent % n].put((sent, jobs[sent]))
                sent += 1
            if isinstance(data, _Failure):
                data.reraise()
            yield data
        self.busy = False

    def _receive(self):
        """The next (batch number, data) from any worker; raises if a worker died or on timeout."""
        waited = 0.0
        while True:
            wait = _POLL_SECONDS if not self.timeout else min(_POLL_SECONDS, self.timeout - waited)
            try:
                return self.result_queue.get(timeout=wait)
            except queue.Empty:
                waited += wait
            dead = [p.pid for p in self.processes if not p.is_alive()]
            if dead:
                self.shutdown(wait=False)
                raise RuntimeError(f"DataLoader worker (pid(s) {', '.join(map(str, dead))}) exited unexpectedly")
            if self.timeout and waited >= self.timeout:
                self.shutdown(wait=False)
                raise RuntimeError(f"DataLoader timed out after {self.timeout} seconds")

    def shutdown(self, wait=True):
        """Stop the workers: ask each to finish (wait=True, up to 5 s each) or terminate them."""
        if wait:
            for index_queue, process in zip(self.index_queues, self.processes):
                if process.is_alive():
                    try:
                        index_queue.put(None)
                    except (OSError, ValueError):
                        pass
        for process in self.processes:
            if wait:
                process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        for q in self.index_queues + [self.result_queue]:
            q.cancel_join_thread()
            q.close()
        self.processes = []
