"""Checks accept the right answer, reject known-wrong ones with a helpful sentence, and never raise."""
import numpy as np
import pytest

from coursework import plan
from fplib.exercises import nb01, nb02, nb03, nb04, nb05, nb06, nb09, nb10, nb11, nb12, nb13, nb14


def run_check(exercise, answer, capsys):
    ok = exercise.check(answer)
    return ok, capsys.readouterr().out


def pad(u):
    return np.concatenate(([0.0], u, [0.0]))


RIGHT_AND_WRONG = {
    "relative_error": (nb01.relative_error, lambda h, f: np.abs(h - f) / np.abs(f), [
        (lambda h, f: np.abs(np.abs(h) - np.abs(f)) / np.abs(f), "magnitude form"),
        (lambda h, f: np.abs(h - f) / np.abs(h), "divided by |h|"),
        (lambda h, f: (h - f) / np.abs(f), "complex"),
        (lambda h, f: (np.abs(h - f) / np.abs(f)) ** 2, "squares"),
        (lambda h, f: 2 * np.abs(h - f) / np.abs(f), "factor of 2"),
        (lambda h, f: np.abs(h - f)[:2], "shape"),
    ]),
    "first_learned": (nb01.first_learned, 1, [(5, "not by amplitude"), (3, "neither hypothesis")]),
    "psnr_formula": (nb02.psnr_formula, lambda p, t: 10 * np.log10(1 / np.mean((p - t) ** 2)), [
        (lambda p, t: 10 * np.log(1 / np.mean((p - t) ** 2)), "natural logarithm"),
        (lambda p, t: 10 * np.log10(1 / np.sqrt(np.mean((p - t) ** 2))), "root-mean-square"),
        (lambda p, t: np.log10(1 / np.mean((p - t) ** 2)), "factor 10"),
        (lambda p, t: 10 * np.log10(np.mean((p - t) ** 2)), "sign error"),
        (lambda p, t: (p - t) ** 2, "one number"),
    ]),
    "all_pixels": (nb02.all_pixels, "held-out", [("training", "memorizes"), ("both", "unseen")]),
    "jacobi_sweep": (nb03.jacobi_sweep, lambda u, g, h: 0.5 * (pad(u)[:-2] + pad(u)[2:] + h**2 * g), [
        (lambda u, g, h: 0.5 * (pad(u)[:-2] + pad(u)[2:] + g), "h²"),
        (lambda u, g, h: 0.5 * (pad(u)[:-2] + pad(u)[2:] - h**2 * g), "sign"),
        (lambda u, g, h: pad(u)[:-2] + pad(u)[2:] + h**2 * g, "factor of 2"),
        (lambda u, g, h: pad(0.5 * (pad(u)[:-2] + pad(u)[2:] + h**2 * g)), "interior"),
        (nb03._sequential, "Gauss-Seidel"),
    ]),
    "predict_sweeps": (nb03.predict_sweeps, 7645, [(1911, "n = 127"), (30580, "k = 1"), (100, "Solve")]),
    "energy_gradient": (nb04.energy_gradient, lambda u, g, h: (2 * u - pad(u)[:-2] - pad(u)[2:]) / h**2 - g, [
        (lambda u, g, h: g - (2 * u - pad(u)[:-2] - pad(u)[2:]) / h**2, "sign"),
        (lambda u, g, h: (2 * u - pad(u)[:-2] - pad(u)[2:]) - g, "1/h²"),
        (lambda u, g, h: 2 * (2 * u - pad(u)[:-2] - pad(u)[2:]) / h**2 - g, "doubled"),
    ]),
    "larger_beta": (nb04.larger_beta, "closer", [("farther", "2β"), ("same", "2β")]),
    "fourier_features": (nb06.fourier_features,
                         lambda v, B: np.concatenate([np.cos(2 * np.pi * v @ B.T), np.sin(2 * np.pi * v @ B.T)], axis=1), [
        (lambda v, B: np.concatenate([np.sin(2 * np.pi * v @ B.T), np.cos(2 * np.pi * v @ B.T)], axis=1), "swapped"),
        (lambda v, B: np.concatenate([np.cos(v @ B.T), np.sin(v @ B.T)], axis=1), "2π"),
        (lambda v, B: np.concatenate([np.cos(2 * np.pi * v @ B.T), np.sin(2 * np.pi * v @ B.T)], axis=0), "shape"),
    ]),
    "large_sigma": (nb06.large_sigma, "lower", [("higher", "do not pin down")]),
    "first_unread": (nb09.first_unread, 5387, [(3588, "plain Jacobi"), (5729, "mode 32"), (332, "training grid"), (10, "Solve")]),
    "jacobi_sweep_2d": (nb10.jacobi_sweep_2d, lambda u, g, h: nb10._reference_sweep(u, g, h), [
        (lambda u, g, h: nb10._reference_sweep(u, g / h**2, h), "h²"),
        (lambda u, g, h: 2 * nb10._reference_sweep(u, g, h), "four neighbours"),
        (lambda u, g, h: nb10._reference_sweep(u, -g, h), "sign"),
        (lambda u, g, h: nb10._reference_sweep(u, g, h)[:3], "shape"),
    ]),
    "smoothing_factor": (nb10.smoothing_factor, 0.6, [(1.0, "plain Jacobi"), (1 / 3, "1D answer"), (0.2, "best-damped"),
                                                       (0.8, "the weight w itself")]),
    "slowest_unread": (nb11.slowest_unread, "(9, 1)", [("(8, 8)", "reads"), ("(9, 9)", "sooner"), ("(127, 127)", "checkerboard")]),
    "unread_sweeps": (nb11.unread_sweeps, nb11._mode_sweeps(255, 9, 1), [(nb11._mode_sweeps(255, 9, 1, weight=1.0), "plain Jacobi"),
                                                                          (nb11._mode_sweeps(127, 9, 1), "127 x 127"),
                                                                          (10.0, "Solve")]),
    "damped_step": (nb12.damped_step, lambda e, r, a: e * (e @ r) / (e @ a(e)) if e @ a(e) > 0 else np.zeros_like(e), [
        (lambda e, r, a: e, "undamped"),
        (lambda e, r, a: e * (e @ e) / (e @ a(e)), "e · r"),
        (lambda e, r, a: e * (r @ r) / (r @ a(r)), "steepest descent"),
        (lambda e, r, a: -e * (e @ r) / (e @ a(e)), "sign"),
        (lambda e, r, a: e * (e @ r) / (e @ a(e)), "return zeros"),
        (lambda e, r, a: e[:2], "shape"),
    ]),
    "smoothest_sweeps": (nb12.smoothest_sweeps(2e-3), np.log(1e-8) / np.log(1 - 2 / 3 * 2e-3), [
        (np.log(1e-8) / np.log(1 - 2e-3), "plain Jacobi"),
        (np.log(1e-8) / np.log(1 - 2 / 3 * 2e-3) / np.log(10), "logarithm"),
        (50.0, "Solve"),
    ]),
    "finite_termination": (nb13.finite_termination, 63, [(100, "KEEP"), (65, "boundary"), (10, "A-orthogonal")]),
    "band_size": (nb13.band_size, 79, [(int(np.sum(nb13._left(255, 1.0) > 0.5)), "plain Jacobi"), (107, "one sweep"),
                                       (255 - 79, "counts the modes"), (3, "count the m")]),
    "fine_value": (nb14.fine_value, lambda ul, ur, kl, kr: (kl * ul + kr * ur) / (kl + kr), [
        (lambda ul, ur, kl, kr: 0.5 * (ul + ur), "bilinear"),
        (lambda ul, ur, kl, kr: (kr * ul + kl * ur) / (kl + kr), "swapped"),
        (lambda ul, ur, kl, kr: kl * ul + kr * ur, "add up to 1"),
        (lambda ul, ur, kl, kr: ul[:2], "shape"),
    ]),
    "iteration_exponent": (nb14.iteration_exponent, np.log(2) / np.log(255 / 63), [
        (np.log(2) / np.log((255 / 63) ** 2), "unknowns"),
        (np.log(255 / 63) / np.log(2), "upside down"),
        (20 / 192, "log-log"),
        (3.0, "divide"),
    ]),
    "breakeven": (nb09.breakeven, lambda t, b, s: np.ceil(t / (b - s)) if s < b else np.inf, [
        (lambda t, b, s: t / (b - s) if s < b else np.inf, "whole number"),
        (lambda t, b, s: np.ceil(t / (b - s)), "never"),
        (lambda t, b, s: np.ceil(t / b) if s < b else np.inf, "not the whole baseline"),
    ]),
}

BAD_TYPES = [None, "text", float("nan"), [1, 2, 3], {"a": 1}]


@pytest.mark.parametrize("name", RIGHT_AND_WRONG)
def test_right_answer_passes_and_wrong_answers_are_explained(name, capsys):
    exercise, right, wrongs = RIGHT_AND_WRONG[name]
    ok, out = run_check(exercise, right, capsys)
    assert ok and "correct" in out
    for wrong, phrase in wrongs:
        ok, out = run_check(exercise, wrong, capsys)
        assert not ok, f"{name} accepted a wrong answer"
        assert any(p in out for p in phrase.split("|")), (name, phrase, out)


@pytest.mark.parametrize("name", RIGHT_AND_WRONG)
@pytest.mark.parametrize("bad", BAD_TYPES, ids=["None", "str", "nan", "list", "dict"])
def test_bad_types_get_a_sentence_not_a_traceback(name, bad, capsys):
    ok, out = run_check(RIGHT_AND_WRONG[name][0], bad, capsys)
    assert not ok and "✗" in out and "Traceback" not in out


def test_a_crashing_answer_is_reported(capsys):
    ok, out = run_check(nb01.relative_error, lambda h, f: 1 / 0, capsys)
    assert not ok and "ZeroDivisionError" in out


def test_the_student_placeholder_propagates():
    def placeholder(h, f):
        raise NotImplementedError("Exercise: write your solution here")

    with pytest.raises(NotImplementedError):
        nb01.relative_error.check(placeholder)


def test_notebook_05_exercises_are_built_from_the_run(capsys):
    fastest = nb05.fastest_method({"Banded direct solve": 0.001, "Jacobi from zero": 30.0})
    assert fastest.check("banded direct solve") and not fastest.check("jacobi from zero")
    out = capsys.readouterr().out
    assert "30,000× faster" in out


def test_hint_and_solution_display(capsys):
    nb03.jacobi_sweep.hint()
    nb03.jacobi_sweep.solution()
    out = capsys.readouterr().out
    assert "Hint" in out and "padded" in out


def _stored_answer(exercise, namespace):
    """The answer that ``exercise.solution_text`` gives: its code run in ``namespace`` (the last name it
    defines), or, for a multiple-choice question, the first `quoted` option."""
    text = exercise.solution_text
    if "```python" in text:
        code = text.split("```python", 1)[1].split("```", 1)[0]
        before = set(namespace)
        exec(code, namespace)
        return namespace[[n for n in namespace if n not in before and n != "__builtins__"][-1]]
    return text.split("`")[1]


def _module_exercises():
    import importlib

    from fplib.exercises import Exercise

    for module_name in plan.exercise_modules():
        module = importlib.import_module(f"fplib.exercises.{module_name}")
        for name, value in vars(module).items():
            if isinstance(value, Exercise):
                yield f"{module_name}.{name}", value


def _built_exercises():
    from fplib import hybrid, poisson, train

    prob = poisson.problem(63)
    history = train.History(steps=np.arange(3), times=np.array([0.0, 1.0, 2.0]),
                            outputs=np.stack([np.zeros(63), 0.5 * prob.discrete, prob.exact]),
                            loss=np.zeros(3), x=prob.x, stopped_early=False)
    context = dict(np=np, hybrid=hybrid, prob=prob, history=history, tol=1e-2, seconds_per_iteration=1e-3,
                   eval_seconds=0.1)
    yield "nb05.choose_switch", nb05.choose_switch(prob, history, 1e-2, 1e-3, 0.1), context
    yield "nb05.fastest_method", nb05.fastest_method({"Banded direct solve": 1e-3, "Jacobi from zero": 3.0}), {}
    yield "nb12.smoothest_sweeps", nb12.smoothest_sweeps(2e-3), dict(theta=np.array([2e-3, 0.1]))


STORED = [(name, exercise, {}) for name, exercise in _module_exercises()] + list(_built_exercises())


@pytest.mark.parametrize("name, exercise, context", STORED, ids=[s[0] for s in STORED])
def test_each_stored_solution_passes_its_own_check(name, exercise, context, capsys):
    answer = _stored_answer(exercise, {"np": np, **context})
    assert exercise.check(answer), capsys.readouterr().out


def test_every_exercise_module_has_a_stored_solution_test():
    assert {name.split(".")[0] for name, _, _ in STORED} == set(plan.exercise_modules())
    assert len(STORED) >= 12


def test_notebook_08_predictions_are_judged_by_the_reasoning_not_by_one_run(capsys):
    from fplib.exercises import nb08

    assert nb08.larger_delta.check("earlier") and not nb08.larger_delta.check("same")
    assert nb08.degree_three.check("smooth") and not nb08.degree_three.check("parity")
    assert "176" in capsys.readouterr().out


def test_notebook_08_degree_three_target_names_the_usual_mistakes(capsys):
    from fplib import spectrum
    from fplib.exercises import nb08

    cube = spectrum.boolean_cube(10)
    assert nb08.product_of_three.check(cube[:, 0] * cube[:, 1] * cube[:, 2])
    for wrong, sentence in [(np.prod(cube, axis=1), "parity"), (cube[:, 1] * cube[:, 2] * cube[:, 3], "columns 0, 1, 2"),
                            (cube[:, :3].sum(axis=1), "sum"), (cube[:, 0], "multiply"), (3, "1024 points")]:
        assert not nb08.product_of_three.check(wrong)
        assert sentence in capsys.readouterr().out, sentence
