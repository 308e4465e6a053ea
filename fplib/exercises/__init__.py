"""Exercises with automatic checks, in the style of Kaggle's learntools: ``ex.check(answer)``,
``ex.hint()``, ``ex.solution()``.

Two modes from one source. **Self-study** (a clone of the repository, Binder): the modules ``nbNN``, one
per notebook, hold the full checks and the solutions. **Graded** (the course copy an instructor hands out,
``make release``): the same module names hold only form checks (``form_only``) and no solution; the full
check runs at grading time as ``ex.<name>.grade(answer)`` (a hidden test) in the instructor's copy.

A check never raises on a bad answer: it says in one sentence what is wrong (wrong shape, off by a
factor of 2, a sign, the magnitude form where the complex one was asked...) and returns False.
The exercises of notebook NN live in ``fplib.exercises.nbNN``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Wrong(Exception):
    """Raised inside a check with the sentence the student should read."""


@dataclass
class Exercise:
    """One exercise: ``test(answer)`` raises ``Wrong`` with a helpful sentence, or returns a success note."""

    title: str
    test: Callable
    hint_text: str
    solution_text: str | None  # None in a course copy: its solutions stay with the instructor
    options: tuple = ()  # the accepted answers of a multiple-choice question

    def check(self, answer) -> bool:
        """True when ``answer`` is right; otherwise False, with a sentence saying what is wrong."""
        try:
            note = self.test(answer)
        except NotImplementedError:
            raise  # the student version's placeholder: the exercise is not done yet
        except Wrong as wrong:
            _show(f"✗ **{self.title}** — {wrong}")
            return False
        except Exception as error:  # a student's function crashed: say so, do not dump our traceback
            _show(f"✗ **{self.title}** — your answer raised {type(error).__name__}: {error}")
            return False
        verdict = "correct." if self.solution_text is not None else "answer received."
        _show(f"✓ **{self.title}** — {verdict} {note or ''}")
        return True

    def grade(self, answer) -> bool:
        """The full check, at grading time (a hidden test); a course copy has none to run."""
        if self.solution_text is None:
            raise RuntimeError(f"{self.title}: this course copy checks the form of answers only; grade with the instructor's fplib")
        return self.check(answer)

    def hint(self) -> None:
        _show(f"**Hint** — {self.hint_text}")

    def solution(self) -> None:
        if self.solution_text is None:
            _show(f"**{self.title}** — {NO_SOLUTIONS}")
        else:
            _show(f"**Solution**\n\n{self.solution_text}")


NO_SOLUTIONS = "solutions are not part of this course copy: your instructor shares them after grading."
FORM_NOTE = "This course copy checks the form only; right and wrong are told apart when your submission is graded."


def form_only(title: str, kind: str, what: str, hint: str, options: tuple = ()) -> Exercise:
    """A course copy's exercise: ``kind`` is ``code`` (a function), ``number``, ``array`` or ``choice`` (one
    of ``options``; any text where they depend on the run); no solution, and ``grade`` refuses."""
    if kind not in ("code", "number", "array", "choice"):
        raise ValueError(f"kind must be 'code', 'number', 'array' or 'choice', got {kind!r}")

    def test(answer):
        if kind == "code":
            require_callable(answer, what)
        elif kind == "number":
            require_number(answer, what)
        elif kind == "array":
            require_array(answer, what)
        elif options:
            require_choice(answer, options)
        elif not isinstance(answer, str) or not answer.strip():
            raise Wrong(f"expected {what} (a name, as text), got {_describe(answer)}.")
        return f"{what}: the form is right. {FORM_NOTE}"

    return Exercise(title, test, hint, None, tuple(options))


def _show(text: str) -> None:
    """Markdown in a notebook, plain text in a terminal or script (or where IPython is not installed)."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Markdown(text))
    else:
        print(text)


def require_callable(answer, what: str) -> None:
    if not callable(answer):
        raise Wrong(f"expected {what} (a function), got {_describe(answer)}.")


def require_number(answer, what: str) -> float:
    import numbers

    import numpy as np

    if answer is None or isinstance(answer, bool) or not isinstance(answer, (numbers.Real, np.floating, np.integer)):
        raise Wrong(f"expected {what} (a number), got {_describe(answer)}.")
    if not np.isfinite(answer):
        raise Wrong(f"expected {what}, a finite number; got {answer}.")
    return float(answer)


def require_array(answer, what: str):
    """``answer`` as a float array with at least one entry, or ``Wrong``."""
    import numpy as np

    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        array = None
    if answer is None or array is None or array.size == 0:
        raise Wrong(f"expected {what} (an array), got {_describe(answer)}.")
    return array


def require_choice(answer, options) -> str:
    """``answer`` as one of ``options`` (a collection of lower-case strings), or ``Wrong``."""
    key = str(answer).strip().lower() if answer is not None else ""
    if key not in options:
        raise Wrong(f"answer with one of {', '.join(repr(o) for o in options)}; got {_describe(answer)}.")
    return key


def multiple_choice(title: str, right: str, feedback: dict, *, hint: str, solution: str) -> Exercise:
    """A question answered with one of the keys of ``feedback`` (lower case).

    ``feedback[right]`` is the note shown with a correct answer; every other key maps to the sentence
    that says why that answer is wrong.
    """
    if right not in feedback:
        raise ValueError(f"right must be one of the options {', '.join(map(repr, feedback))}, got {right!r}")

    def test(answer):
        choice = require_choice(answer, feedback)
        if choice == right:
            return feedback[right]
        raise Wrong(feedback[choice])

    return Exercise(title, test, hint, solution, tuple(feedback))


def _describe(value) -> str:
    if value is None:
        return "None (did you forget to return or assign your answer?)"
    return f"{type(value).__name__} {value!r}"[:120]
