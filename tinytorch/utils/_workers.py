"""DataLoader worker processes (``num_workers > 0``), run the way PyTorch runs them.

The main process sends batch number k's indices to worker ``k % num_workers`` and keeps
``prefetch_factor * num_workers`` batches in flight.  Each worker loads its batches with the
loader's fetch function and sends them back on its own pipe.  The main process yields the
batches in sampler order; with ``in_order=False`` it yields them as they arrive.  For an
``IterableDataset`` the jobs carry no indices: each worker iterates its own copy of the
dataset, and ``IterableWorkerEpoch`` asks the workers for batches in turn.

Each worker, on start:

- seeds Python's ``random`` and tinytorch's default generator with ``base_seed + worker_id``,
  and NumPy's global generator with ``numpy_worker_seed(base_seed, worker_id)``, as PyTorch does;
- runs ``worker_init_fn(worker_id)``;
- answers ``get_worker_info()``;
- ignores Ctrl-C (the main process handles it).

Errors:

- An exception in a worker is raised in the main process with the worker's traceback.  The
  next batches can still be read, as in PyTorch.
- A worker that dies ends the epoch with an error naming its pid.
- A worker whose main process dies exits on its own within a few seconds.

Batches travel by pickling, in memory (nothing is written to disk).  A worker pickles each
batch itself, so a batch that cannot be pickled is reported as an error instead of being lost.
"""
import dataclasses
import multiprocessing
import multiprocessing.connection
import os
import random
import signal
import threading
import time
import traceback

import numpy as np

_POLL_SECONDS = 1.0   # how often a waiting process checks that the other side is alive
_STOP_SECONDS = 1.0   # how long stopping workers may take before the rest are terminated


@dataclasses.dataclass(frozen=True)
class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker process (read-only)."""

    id: int
    num_workers: int
    seed: int
    dataset: object


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


class _KeyErrorMessage(str):
    """A KeyError's message that prints as written (KeyError shows the repr of its argument)."""

    def __repr__(self):
        return self


class _Failure:
    """An exception raised in a worker, carried to the main process with its traceback text."""

    def __init__(self, worker_id, error, what="in DataLoader worker process"):
        self.worker_id, self.what = worker_id, what
        self.error_type = type(error)
        self.text = "".join(traceback.format_exception(type(error), error, error.__traceback__))

    def reraise(self):
        message = f"Caught {self.error_type.__name__} {self.what} {self.worker_id}.\nOriginal {self.text}"
        if self.error_type is KeyError:
            message = _KeyErrorMessage(message)
        try:
            error = self.error_type(message)
        except Exception:   # an exception class that cannot be built from one message
            error = RuntimeError(message)
        raise error


def _send(conn, batch_no, data, worker_id):
    """Send one result; a result that cannot be pickled is sent as the error it raised."""
    try:
        conn.send((batch_no, data))
    except (BrokenPipeError, EOFError, OSError):
        raise
    except Exception as error:
        conn.send((batch_no, _Failure(worker_id, error)))


_MASK32 = 0xFFFFFFFF


def _hasher(constant, multiplier):
    """A 32-bit hash whose constant advances by ``multiplier`` at every call (NumPy SeedSequence style)."""
    state = [constant]

    def hash32(value):
        value = (value ^ state[0]) & _MASK32
        state[0] = (state[0] * multiplier) & _MASK32
        value = (value * state[0]) & _MASK32
        return value ^ (value >> 16)
    return hash32


def numpy_worker_seed(base_seed, worker_id):
    """The four 32-bit words PyTorch seeds a worker's NumPy global generator with: the words
    (worker_id, base_seed's low and high halves, 0) hashed, mixed pairwise and hashed again."""
    hash_a = _hasher(0x43B0D7E5, 0x931E8875)
    pool = [hash_a(v) for v in (worker_id, base_seed & _MASK32, base_seed >> 32, 0)]

    def mix(x, y):
        r = ((0xCA01F9DD * x) - (0x4973F715 * y)) & _MASK32
        return r ^ (r >> 16)
    for src in range(4):
        for dst in range(4):
            if src != dst:
                pool[dst] = mix(pool[dst], hash_a(pool[src]))
    hash_b = _hasher(0x8B51F9DD, 0x58F38DED)
    return [hash_b(v) for v in pool]


def _worker_loop(fetch, dataset, worker_id, num_workers, seed, worker_init_fn, jobs, results, parent_pid,
                 parent_ends):
    """One worker: seed, run worker_init_fn, then fetch batches until it receives None.

    ``parent_ends``: the main process's ends of the pipes made so far, which a forked worker
    inherits; closing them lets a pipe break when the main process closes its end.
    """
    global _worker_info
    from .. import _creation

    for conn in parent_ends:
        conn.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    random.seed(seed)
    np.random.seed(numpy_worker_seed(seed - worker_id, worker_id))
    _creation.manual_seed(seed)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
    init_failure = None
    if worker_init_fn is not None:
        try:
            worker_init_fn(worker_id)
        except Exception as error:
            init_failure = _Failure(worker_id, error)
    try:
        while True:
            if not jobs.poll(_POLL_SECONDS):
                if os.getppid() != parent_pid:   # the main process is gone
                    return
                continue
            job = jobs.recv()
            if job is None:
                return
            batch_no, indices = job
            if init_failure is not None:
                _send(results, batch_no, init_failure, worker_id)
                continue
            try:
                data = fetch(indices)
            except Exception as error:
                data = _Failure(worker_id, error)
            _send(results, batch_no, data, worker_id)
    except (BrokenPipeError, EOFError, OSError):   # the main process closed its ends: stop
        return


class WorkerPool:
    """``num_workers`` processes, each with a pipe for jobs and a pipe for results.

    One ``WorkerEpoch`` at a time reads from the pool; ``busy`` is True while one has batches
    in flight.  ``shutdown()`` stops the processes.
    """

    def __init__(self, fetch, dataset, num_workers, base_seed, worker_init_fn, context, prefetch_factor,
                 timeout, in_order):
        ctx = context or multiprocessing.get_context()
        self.prefetch, self.timeout, self.in_order = max(prefetch_factor * num_workers, 1), timeout, in_order
        self.job_conns, self.result_conns, self.processes = [], [], []
        for worker_id in range(num_workers):
            job_reader, job_writer = ctx.Pipe(duplex=False)
            result_reader, result_writer = ctx.Pipe(duplex=False)
            inherited = ctx.get_start_method() == "fork"   # only a forked worker holds copies of our ends
            parent_ends = self.job_conns + self.result_conns + [job_writer, result_reader] if inherited else []
            process = ctx.Process(target=_worker_loop, daemon=True,
                                  args=(fetch, dataset, worker_id, num_workers, base_seed + worker_id,
                                        worker_init_fn, job_reader, result_writer, os.getpid(), parent_ends))
            process.start()
            job_reader.close()       # the worker's ends now live in the worker
            result_writer.close()
            self.job_conns.append(job_writer)
            self.result_conns.append(result_reader)
            self.processes.append(process)
        self.busy = False
        self.closed = False
        _live_pools.add(self)   # keeps the pipes reachable, so the garbage collector never finalizes them first

    def send(self, batch_no, job, worker=None):
        """Send job number ``batch_no`` to ``worker`` (default: worker ``batch_no % num_workers``)."""
        self.job_conns[batch_no % len(self.processes) if worker is None else worker].send((batch_no, job))

    def receive(self):
        """The next (batch number, data) from any worker; raises if a worker died or on timeout."""
        waited = 0.0
        while True:
            wait = _POLL_SECONDS if not self.timeout else min(_POLL_SECONDS, self.timeout - waited)
            ready = multiprocessing.connection.wait(self.result_conns, wait)
            if ready:
                try:
                    return ready[0].recv()
                except EOFError:   # that worker is gone; the check below names it
                    pass
            else:
                waited += wait
            dead = [p.pid for p in self.processes if not p.is_alive()]
            if dead:
                self.shutdown()
                raise RuntimeError(f"DataLoader worker (pid(s) {', '.join(map(str, dead))}) exited unexpectedly")
            if self.timeout and waited >= self.timeout:
                self.shutdown()
                raise RuntimeError(f"DataLoader timed out after {self.timeout} seconds")

    def stop(self, reap=True):
        """Ask the workers to stop, without waiting: safe from ``__del__`` and the garbage collector.
        A background thread reaps them when they exit (``reap``; ``shutdown`` waits for them itself).

        Each idle worker receives None; a worker blocked on sending a batch sees a broken pipe;
        a worker still loading a sample stops when it tries to send it.  ``shutdown`` waits.
        """
        if self.closed:
            return
        self.closed = True
        _live_pools.discard(self)
        for conn in self.job_conns:
            try:
                conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            conn.close()
        for conn in self.result_conns:
            conn.close()
        if reap and self.processes:   # reap them once they exit, so that no zombie outlives the epoch
            threading.Thread(target=_reap, args=(self.processes,), name="tinytorch-reaper", daemon=True).start()

    def shutdown(self):
        """Stop the workers: ask each to finish, give them a moment, then terminate the rest."""
        if self.processes and not self.closed:
            self.stop(reap=False)
        deadline = time.monotonic() + _STOP_SECONDS
        for process in self.processes:
            process.join(timeout=max(deadline - time.monotonic(), 0))
            if process.is_alive():   # still loading a sample: its batch is not wanted any more
                process.terminate()
                process.join()
        self.processes = []


def _reap(processes):
    """Wait for stopped workers to exit (terminating any still busy after ``_STOP_SECONDS``)."""
    deadline = time.monotonic() + _STOP_SECONDS
    for process in processes:
        try:
            process.join(timeout=max(deadline - time.monotonic(), 0))
            if process.is_alive():
                process.terminate()
                process.join()
        except (AssertionError, ValueError, OSError):   # joined elsewhere meanwhile, or in a forked child
            pass


_live_pools = set()


class _Exhausted:
    """What an iterable dataset's fetch returns once its iterator is finished (any copy of this
    class means the same: it crosses process boundaries by pickling)."""

    def __reduce__(self):
        return (_exhausted, ())


def _exhausted():
    return EXHAUSTED


EXHAUSTED = _Exhausted()


class IterableWorkerEpoch:
    """Iterator over one epoch of an iterable dataset's batches from a ``WorkerPool``.

    Requests go to the workers in turn (round robin over those not yet exhausted),
    ``prefetch`` of them in flight; every request is answered, with data or ``EXHAUSTED``.
    Answers are taken in request order (``in_order``) or as they arrive.  The first
    ``EXHAUSTED`` from a worker retires it (its later requests are answered ``EXHAUSTED``
    too and skipped) and sends one new request to the next active worker, as PyTorch does.
    The pool stops when every request is answered and no worker is left, on an error, or
    when the epoch is dropped.
    """

    def __init__(self, pool):
        self.pool = pool
        self.active = [True] * len(pool.processes)
        self.next_worker = 0
        self.owner = {}      # request number -> worker
        self.results = {}    # answers received ahead of their turn (in_order)
        self.sent = self.answered = self.done = 0
        pool.busy = True
        for _ in range(pool.prefetch):
            self._send()

    def _send(self):
        n = len(self.active)
        for _ in range(n):
            worker = self.next_worker
            self.next_worker = (worker + 1) % n
            if self.active[worker]:
                self.pool.send(self.sent, None, worker)
                self.owner[self.sent] = worker
                self.sent += 1
                return

    def __iter__(self):
        return self

    def __next__(self):
        pool = self.pool
        try:
            while True:
                if self.answered == self.sent:
                    self._end()
                    raise StopIteration
                if pool.in_order:
                    while self.done not in self.results:
                        number, data = pool.receive()
                        self.results[number] = data
                    number, data = self.done, self.results.pop(self.done)
                    self.done += 1
                else:
                    number, data = pool.receive()
                self.answered += 1
                worker = self.owner.pop(number)
                if not isinstance(data, _Exhausted):
                    break
                if self.active[worker]:
                    self.active[worker] = False
                    self._send()
        except StopIteration:
            raise
        except BaseException:   # a dead worker, a timeout, Ctrl-C: the epoch ends
            self._end()
            raise
        self._send()
        if isinstance(data, _Failure):
            data.reraise()
        return data

    def _end(self):
        self.pool.busy = False
        self.pool.shutdown()

    def __del__(self):
        pool = getattr(self, "pool", None)
        if pool is not None and not pool.closed:
            pool.busy = False
            pool.stop()


class WorkerEpoch:
    """Iterator over one epoch's batches from a ``WorkerPool``.

    ``jobs``: one array of indices (or one index) per batch.  ``own_pool``: stop the pool at the
    end of the epoch (no persistent workers).  Leaving the epoch before its end stops the pool
    (its batches in flight are dropped with it); the loader then starts fresh workers.
    """

    def __init__(self, pool, jobs, own_pool):
        self.pool, self.jobs, self.own_pool = pool, jobs, own_pool
        self.sent = self.received = self.yielded = 0
        self.waiting = {}
        pool.busy = len(jobs) > 0
        while self.sent < min(len(jobs), pool.prefetch):
            self._send_next()
        if not pool.busy:
            self._end()

    def _send_next(self):
        self.pool.send(self.sent, self.jobs[self.sent])
        self.sent += 1

    def __iter__(self):
        return self

    def __next__(self):
        if self.yielded == len(self.jobs):
            raise StopIteration
        pool = self.pool
        try:
            if pool.in_order:
                while self.yielded not in self.waiting:
                    batch_no, data = pool.receive()
                    self.waiting[batch_no] = data
                    self.received += 1
                data = self.waiting.pop(self.yielded)
            else:
                _, data = pool.receive()
                self.received += 1
        except BaseException:
            self.yielded = len(self.jobs)   # the pool is gone (dead worker, timeout, Ctrl-C): the epoch ends
            pool.busy = False
            pool.shutdown()
            raise
        self.yielded += 1
        if self.sent < len(self.jobs):
            self._send_next()
        if self.received == len(self.jobs):   # everything is in hand: the pool can serve the next epoch
            pool.busy = False
        if self.yielded == len(self.jobs):
            self._end()
        if isinstance(data, _Failure):
            data.reraise()
        return data

    def _end(self):
        if self.own_pool:
            self.pool.shutdown()

    def __del__(self):
        pool = getattr(self, "pool", None)
        if pool is not None and (pool.busy or self.own_pool):
            pool.busy = False
            pool.stop()
