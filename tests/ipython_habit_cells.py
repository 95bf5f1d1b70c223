"""The cells whose output IPython recorded (``tools/record_ipython_habits.py``) and the REPL must
print the same way (``tests/test_repl_ipython_recorded.py``); each group runs in a fresh session.

``normalize`` makes two runs comparable: ``File:`` fields (IPython's cells live in files of its
own, and it finds none for a class typed into a cell), object addresses and IPython's
``Out[n]: `` prompt are left out."""
import re

DEF_F = 'def f(x, y=1):\n    """Add y to x."""\n    return x + y'
CLASS_A = ('class A:\n    """An A."""\n    def __init__(self, n):\n        """Make one."""\n        self.n = n\n'
           '    def __len__(self):\n        return self.n')

GROUPS = {
    "pinfo": [DEF_F, "f?", "?f", "f??", "??f", "def g(a, *args, b, **kw):\n    return a", "g?", "g??",
              CLASS_A, "A?", "class B(A):\n    pass", "A?", "B?", "a = A(3)", "a?", "xs = [1, 2]", "xs?", "x = 5",
              "x?", "s = 'a' * 150 + 'b' * 150", "s?", "nope?", "xs.nope?", "len?", "import math", "math.sqrt?",
              "xs.append?", "xs[0]?"],
    "whos": ["%whos", "import numpy", "n = 3\nname = 'tinytorch'\nxs = [1, 2, 3]\nd = {'a': 1}\nt = (1,)",
             "arr = numpy.zeros((2, 3))\nbig = numpy.zeros(20000)\nhuge = numpy.zeros(200000, dtype=numpy.int8)",
             "del numpy", "long = 'x' * 60\nlines = 'one\\ntwo'\n_hidden = 1\nflag = True\nnothing = None",
             "%whos", "%whos int list", "%whos str ndarray"],
    "history": ["a = 1", "for i in range(2):\n\tb = i", "a + 1", "%history", "%history -n 1-3", "%history -n -o 3 1",
                "%history -p 2", "%history -n 2-3 1", "%history -o"],
    "underscores": ["x = 3", "x * 2", "x + 1", "print('no value')", "x - 1",
                    "print(repr((_, __, ___, sorted(Out.items()), In[1:], _i, _ii, _iii, _5, _i6)))",
                    "x * 2;", "x * 3;  # quiet", "x * 4 # not quiet ;", "print(_, __, sorted(Out))", "_ = 'mine'",
                    "100", "print(_, Out[12], _12, __)", "'a;'", "print(_, Out[14])"],
    "shell": ["x = 3", "r = !echo hello $x {x+1} '$$HOME' {nope} $nope", "print(list(r))",
              "r = !echo $x {x+1} '$$HOME' '$$x' {x}{x} '{{x}}' $x.real", "print(list(r))",
              "lines = !printf 'a\\nb\\n'", "print(list(lines), type(lines).__mro__[-2].__name__)",
              "for i in range(2):\n    out = !echo $i\n    print(list(out))", "!exit 3", "print(_exit_code)", "!!echo c", "files = !printf 'x y\\nz\\n'", "print(files[1], len(files))"],
    "timeit": ["%timeit clock.tick()", "%timeit -n 1 -r 1 clock.tick()", "%timeit -q clock.tick()",
               "clock.steps = [2.0 ** -10, 2.0 ** -10, 5 * 2.0 ** -10]", "%timeit -n 1 -r 3 clock.tick()",
               "clock.steps = [2.0 ** -3]", "%timeit -n 1 -r 2 clock.tick()", "clock.steps = [100.0]",
               "%timeit -n 1 -r 1 clock.tick()", "r = %timeit -o -q -n 2 -r 4 clock.tick()",
               "print(r.loops, r.repeat, r.best, r.worst, len(r.timings))", "clock.steps = [2.0 ** -10]",
               "%%timeit -n 3 -r 2 ticks = [clock.tick() for _ in range(2)]\nclock.tick()",
               "%%timeit -n 1 -r 2\nclock.tick()\nclock.tick()"],
}


class FakeClock:
    """The clock of a timing: each ``tick()`` of the timed statement takes the next of ``steps``
    seconds (the last one from then on); binary fractions, so the durations add up exactly."""

    def __init__(self):
        self.now, self.steps = 0.0, [2.0 ** -10]

    def __call__(self):
        return self.now

    def __repr__(self):
        return "FakeClock()"

    def tick(self):
        self.now += self.steps[0] if len(self.steps) == 1 else self.steps.pop(0)


def normalize(text):
    text = re.sub(r"^File:.*\n", "", text, flags=re.M)
    text = re.sub(r"0x[0-9a-f]+", "0xADDR", text)
    return re.sub(r"^Out\[\d+\]: ", "", text, flags=re.M)
