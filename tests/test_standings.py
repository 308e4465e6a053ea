"""Every solver timed to one target: typed rows under stable keys, extrapolation marked; the scaling helper."""
import numpy as np
import pytest

from fplib import amortized, nets, poisson, relax, standings, train


def test_standings_time_every_solver_to_the_same_residual(trained_operator):
    net, _ = trained_operator
    prob = poisson.problem(63, source=np.sin(3 * np.pi * (poisson.grid(63)[0] + 1) / 2) + 0.5)
    table = standings.solver_standings(prob, amortized.OperatorCorrection(net, prob), every=8, rtol=1e-8, budget=2.0)
    assert set(table) == {"jacobi", "weighted_jacobi", "interleaved", "multigrid", "banded", "splu"}
    jacobi, interleaved = table["jacobi"], table["interleaved"]
    assert interleaved.label == "interleaved (network every 8)" and jacobi.label == "Jacobi"
    assert not jacobi.extrapolated and jacobi.iterations > 1000  # small enough to be measured, not extrapolated
    assert interleaved.iterations < jacobi.iterations / 5 and all(row.seconds > 0 for row in table.values())


def test_classical_standings_reach_the_discretization_error_and_mark_extrapolation():
    prob = poisson.problem(63)
    table = standings.classical_standings(prob, budget=2.0)
    assert set(table) == {"jacobi", "multigrid", "pyamg", "splu", "sine_solve"}
    assert len({row.label for row in table.values()}) == len(table)
    assert not any(row.extrapolated for row in table.values()) and all(row.seconds > 0 for row in table.values())
    assert table["jacobi"].iterations == relax.iterations_to_tolerance(prob, np.zeros(prob.n),
                                                                       1.01 * prob.discretization_error)
    over = standings.classical_standings(prob, tol=1e-2, budget=1e-9)["jacobi"]  # no run fits: extrapolated
    assert over.extrapolated and over.iterations == relax.iterations_to_tolerance(prob, np.zeros(prob.n), 1e-2)
    with pytest.raises(ValueError, match="exact"):
        standings.classical_standings(poisson.problem(31, source=np.ones(31)))


def test_scaling_compares_the_best_switch_with_jacobi_from_zero_on_each_grid():
    fine = poisson.problem(127)
    history = train.History(steps=np.arange(2), times=np.array([0.0, 1e-6]), outputs=np.stack([np.zeros(127), fine.exact]),
                            loss=np.zeros(2), x=fine.x, stopped_early=False)
    model = nets.mlp([1, 4, 1])
    rows = standings.scaling(history, model, [poisson.problem(63), fine], tol=1e-2, budget=5.0)
    assert [row.n for row in rows] == [63, 127]
    for row in rows:  # the exact output needs no sweep: switching there is best, and Jacobi from zero is measured
        assert row.switch == 1 and row.best.times[0] == pytest.approx(1e-6 + row.eval_seconds)
        assert row.hybrid_seconds == row.best.times[0] and not row.zero.extrapolated and row.zero.errors[-1] <= 1e-2
        assert row.ratio == row.hybrid_seconds / row.jacobi_seconds and row.seconds_per_iteration > 0
    with pytest.raises(TypeError, match="problems"):
        standings.scaling(history, model, ["problem"], tol=1e-2, budget=5.0)


def test_tables_print_milliseconds_and_mark_what_comes_from_an_extrapolated_time():
    rows = {"jacobi": standings.Standing("Jacobi", 10.0, True, 1e6),
            "interleaved": standings.Standing("interleaved", 0.01, False, 500),
            "multigrid": standings.Standing("multigrid", 0.002, False, 10),
            "banded": standings.Standing("banded", 2.5e-5, False, 1),
            "splu": standings.Standing("splu", 1e-4, False, 1)}
    text = standings.table(rows)
    assert "1e+04*" in text and "0.025" in text  # 10 s extrapolated; 25 microseconds shown, not 0.0000
    payback = standings.payback({255: rows}, training_seconds=5.0).splitlines()[1]
    assert payback.count("*") == 2 and "400" in payback and "never" in payback  # 0.01 / 2.5e-5 = 400
