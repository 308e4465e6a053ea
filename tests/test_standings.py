"""Every solver timed to one target: typed rows under stable keys, extrapolation marked; the scaling helper."""
import numpy as np
import pytest
from helpers import variable_problem

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
    text = standings.table({255: rows}, "t", dim=1, ms=True)
    assert "1e+04*" in text and "0.025" in text and "times in ms" in text  # 10 s extrapolated; 25 µs shown, not 0.0000
    by_tolerance = standings.table({"tol 0.001": rows, "tol 1e-05": rows}, "t", dim=None).splitlines()
    assert by_tolerance[0].split()[1:] == ["tol", "0.001", "tol", "1e-05"] and "N^" not in "".join(by_tolerance)
    assert by_tolerance[1].count("*") == 2 and by_tolerance[-1].endswith(standings.EXTRAPOLATED)  # one key to *
    payback = standings.payback({255: rows}, training_seconds=5.0).splitlines()[1]
    assert payback.count("*") == 2 and "400" in payback and "never" in payback  # 0.01 / 2.5e-5 = 400


def test_one_residual_rule_for_both_multigrids_and_the_tables_as_text():
    prob = poisson.problem(31, dim=2)
    target = 1.01 * prob.discretization_error
    rtol = standings.shared_rtol(prob, target)
    assert rtol in 10.0 ** -np.arange(2, 13)
    from fplib import multigrid

    for u in (multigrid.solve(prob, rtol=rtol).u, multigrid.algebraic(prob, rtol=rtol).u):
        assert np.abs(u - prob.exact).max() <= target
    loose = multigrid.solve(prob, rtol=rtol * 10).u, multigrid.algebraic(prob, rtol=rtol * 10).u
    assert any(np.abs(u - prob.exact).max() > target for u in loose)  # the loosest: one power of ten fails
    tables = {n: standings.classical_standings(poisson.problem(n, dim=2), budget=1.0) for n in (15, 31)}
    text = standings.table(tables, "title", dim=2)
    assert "31 x 31" in text and "N^" in text and text.count("\n") == len(tables[15]) + 1
    assert standings.growth([1, 10, 100], [2.0, 20.0, 200.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="sizes"):
        standings.growth([1, 2], [1.0])
    with pytest.raises(ValueError, match="target"):
        standings.shared_rtol(prob, -1.0)


def test_scaling_table_marks_extrapolation():
    fine = poisson.problem(63)
    history = train.History(steps=np.arange(2), times=np.array([0.0, 1e-6]), outputs=np.stack([np.zeros(63), fine.exact]),
                            loss=np.zeros(2), x=fine.x, stopped_early=False)
    rows = standings.scaling(history, nets.mlp([1, 4, 1]), [fine], tol=1e-2, budget=5.0)
    text = standings.scaling_table(rows, "oracle")
    assert "oracle (s)" in text and "   63 " in text and text.endswith("per sweep")
    with pytest.raises(TypeError, match="rows"):
        standings.scaling_table(["row"])


def test_coefficient_standings_rows():
    prob = variable_problem(n=31, dim=2)
    rows = standings.coefficient_standings(prob, rtol=1e-8, repeat=1)
    assert set(rows) == {"pyamg_sa", "pyamg_rs", "multigrid_cg", "jacobi_cg", "splu"}
    assert all(np.isfinite(row.iterations) for row in rows.values())
    assert "sine_solve" in standings.coefficient_standings(poisson.problem(15, dim=2), repeat=1)
