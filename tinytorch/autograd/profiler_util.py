"""The profiler's events and their summary table, in PyTorch's layout.

A ``FunctionEvent`` is one timed call (an op, a backward node, a ``record_function`` block):
its start and end in microseconds, the events it enclosed (``cpu_children``) and so its
self time (its own time less its children's).  ``EventList.key_averages()`` groups events by
name (and input shapes, when asked) into ``FunctionEventAvg`` rows; ``table()`` prints them
as PyTorch's CPU-only table: Name, Self CPU %, Self CPU, CPU total %, CPU total, CPU time
avg, # of Calls (and Input Shapes when grouped by them), percentages relative to the sum of
the rows' self times, and the "Self CPU time total" line.
"""
import json

__all__ = ["EventList", "FunctionEvent", "FunctionEventAvg"]


def _format_time(time_us):
    if time_us >= 1e6:
        return f"{time_us / 1e6:.3f}s"
    if time_us >= 1e3:
        return f"{time_us / 1e3:.3f}ms"
    return f"{time_us:.3f}us"


def _format_time_share(time_us, total_time_us):
    if total_time_us == 0:
        return "NaN"
    return f"{time_us * 100.0 / total_time_us:.2f}%"


class FunctionEvent:
    """One timed call: ``name``, ``time_range`` start/end (us), ``cpu_children``, ``cpu_parent``."""

    def __init__(self, id, name, start_us, thread=0, input_shapes=None):
        self.id, self.name, self.thread, self.input_shapes = id, name, thread, input_shapes
        self.start_us, self.end_us = start_us, start_us
        self.cpu_children, self.cpu_parent = [], None
        self.count = 1

    @property
    def key(self):
        return self.name

    @property
    def cpu_time_total(self):
        return self.end_us - self.start_us

    @property
    def self_cpu_time_total(self):
        return self.cpu_time_total - sum(child.cpu_time_total for child in self.cpu_children)

    @property
    def cpu_time(self):
        return self.cpu_time_total

    def __repr__(self):
        return (f"<FunctionEvent id={self.id} name={self.name} cpu_time={_format_time(self.cpu_time_total)} "
                f"start_us={self.start_us:.3f} end_us={self.end_us:.3f} "
                f"cpu_children={[c.id for c in self.cpu_children]} input_shapes={self.input_shapes}>")


class FunctionEventAvg:
    """The events of one name (and input shapes): ``count``, ``cpu_time_total``,
    ``self_cpu_time_total`` (us, summed) and ``cpu_time`` (the average per call)."""

    def __init__(self, key, input_shapes=None):
        self.key, self.input_shapes = key, input_shapes
        self.count, self.cpu_time_total, self.self_cpu_time_total = 0, 0.0, 0.0
        self.cpu_parent = None   # the first event's (``table(top_level_events_only=True)`` reads it)

    def add(self, event):
        if self.count == 0:
            self.cpu_parent = event.cpu_parent
        self.count += 1
        self.cpu_time_total += event.cpu_time_total
        self.self_cpu_time_total += event.self_cpu_time_total
        return self

    @property
    def cpu_time(self):
        return self.cpu_time_total / max(self.count, 1)

    def __repr__(self):
        return (f"<FunctionEventAvg key={self.key} self_cpu_time={_format_time(self.self_cpu_time_total)} "
                f"cpu_time={_format_time(self.cpu_time)}  input_shapes={self.input_shapes or ''}>")


_ZERO_KEYS = ("cuda", "device", "xpu", "privateuse1", "memory", "flops")   # nothing is measured there: all 0


def _sort_value(event, sort_by):
    if hasattr(event, sort_by):
        return getattr(event, sort_by)
    if any(word in sort_by for word in _ZERO_KEYS):
        return 0
    raise AttributeError(f"'{type(event).__name__}' object has no attribute '{sort_by}'")


class EventList(list):
    """A list of events (or of averages) with PyTorch's summaries."""

    def key_averages(self, group_by_input_shapes=False, group_by_stack_n=0, group_by_overload_name=False):
        """One ``FunctionEventAvg`` per name (per name and input shapes if asked), in order of
        first appearance."""
        groups = {}
        for event in self:
            shapes = str(event.input_shapes) if group_by_input_shapes else None
            key = (event.key, shapes)
            if key not in groups:
                groups[key] = FunctionEventAvg(event.key, event.input_shapes if group_by_input_shapes else None)
            groups[key].add(event)
        return EventList(groups.values())

    @property
    def self_cpu_time_total(self):
        return sum(event.self_cpu_time_total for event in self)

    def table(self, sort_by=None, row_limit=100, max_name_column_width=55, max_shapes_column_width=80,
              header=None, top_level_events_only=False, time_unit=None, **_ignored):
        """The summary table (a string ending in a newline), rows sorted by ``sort_by``
        (cpu_time, cpu_time_total, self_cpu_time_total or count; descending), at most
        ``row_limit`` rows; ``time_unit`` ("s", "ms", "us") fixes the unit of the times."""
        events = list(self)
        if not events:
            return ""
        if sort_by is not None:
            events.sort(key=lambda e: _sort_value(e, sort_by), reverse=True)
        name_width = max(len(e.key) for e in events) + 4
        if max_name_column_width is not None:
            name_width = min(name_width, max_name_column_width)
        has_shapes = any(e.input_shapes is not None and len(e.input_shapes) > 0 for e in events)
        headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls"]
        widths = [name_width] + [12] * 6
        if has_shapes:
            shapes_width = max(len(str(e.input_shapes)) for e in events) + 4
            if max_shapes_column_width is not None:
                shapes_width = min(shapes_width, max_shapes_column_width)
            headers.append("Input Shapes")
            widths.append(shapes_width)
        row_format = "".join("{: >" + str(w) + "}  " for w in widths)
        separator = "".join("-" * w + "  " for w in widths)
        line_length = sum(w + 2 for w in widths) - 2
        total = sum(e.self_cpu_time_total for e in events)

        def time(us):
            return {"s": f"{us / 1e6:.3f}s", "ms": f"{us / 1e3:.3f}ms", "us": f"{us:.3f}us"}.get(time_unit,
                                                                                          _format_time(us))
        lines = []
        if header is not None:
            lines += ["=" * line_length, header]
        if top_level_events_only:
            lines += ["=" * line_length, "This report only display top-level ops statistics"]
        lines += [separator, row_format.format(*headers), separator]
        shown = 0
        for e in events:
            if shown == row_limit:
                break
            if top_level_events_only and getattr(e, "cpu_parent", None) is not None:
                continue
            shown += 1
            name = e.key
            if max_name_column_width is not None and len(name) >= max_name_column_width - 3:
                name = name[:max_name_column_width - 3] + "..."
            row = [name, _format_time_share(e.self_cpu_time_total, total), time(e.self_cpu_time_total),
                   _format_time_share(e.cpu_time_total, total), time(e.cpu_time_total), time(e.cpu_time), e.count]
            if has_shapes:
                row.append(str(e.input_shapes)[:shapes_width])
            lines.append(row_format.format(*row))
        lines += [separator, f"Self CPU time total: {time(total)}"]
        return "".join(line + "\n" for line in lines)

    def export_chrome_trace(self, path):
        """Write the events as a Chrome trace (``chrome://tracing``, Perfetto): complete events in us."""
        trace = {"traceEvents": [{"name": e.name, "ph": "X", "ts": e.start_us, "dur": e.cpu_time_total, "pid": 0,
                                  "tid": e.thread, "cat": "cpu_op",
                                  **({"args": {"Input Dims": e.input_shapes}} if e.input_shapes else {})}
                                 for e in self if isinstance(e, FunctionEvent)]}
        with open(path, "w") as f:
            json.dump(trace, f)

    def __str__(self):
        return self.table()
