"""fplib.claims: strict under tests and CI (raises), explanatory in a student's session (prints, goes on)."""
import numpy as np
import pytest

from fplib import claims
from fplib.claims import ClaimFailed, claim


@pytest.fixture
def student(monkeypatch):
    monkeypatch.setenv(claims.STRICT_VARIABLE, "0")


@pytest.fixture
def ci(monkeypatch):
    monkeypatch.delenv(claims.STRICT_VARIABLE, raising=False)
    monkeypatch.setenv("CI", "true")


def test_a_claim_that_holds_prints_a_tick(student, capsys):
    assert claim("low first", np.bool_(True), shown="steps 40 < 670") is True
    assert capsys.readouterr().out == "✓ low first — steps 40 < 670\n"


def test_a_student_sees_a_cross_and_what_it_means_and_goes_on(student, capsys):
    assert claim("low first", False, shown="steps 670 > 40", meaning="try more steps") is False
    out = capsys.readouterr().out
    assert out.startswith("✗ low first — not shown: steps 670 > 40") and "What it means: try more steps" in out


def test_strict_mode_raises_an_assertion_error(monkeypatch):
    monkeypatch.setenv(claims.STRICT_VARIABLE, "1")
    with pytest.raises(ClaimFailed, match="low first: not shown. The run showed: steps 670 > 40. try more") as info:
        claim("low first", False, shown="steps 670 > 40", meaning="try more steps")
    assert isinstance(info.value, AssertionError)  # nbval and pytest report it as a failed assertion


def test_ci_is_strict_without_the_variable(ci):
    assert claims.strict()
    with pytest.raises(ClaimFailed):
        claim("x", False, shown="y")


def test_the_test_suite_runs_strict():
    assert claims.strict()  # conftest.py sets FPLIB_STRICT_CLAIMS=1 for every test and notebook kernel


@pytest.mark.parametrize("kwargs, match", [
    (dict(statement="", holds=True, shown="s"), "statement must be a non-empty string"),
    (dict(statement="s", holds=True, shown=3), "shown must be a non-empty string"),
    (dict(statement="s", holds=np.array([True, False]), shown="s"), "holds must be one truth value"),
    (dict(statement="s", holds="yes", shown="s"), "holds must be a bool"),
    (dict(statement="s", holds=True, shown="s", meaning=None), "meaning must be a string"),
])
def test_bad_input_names_the_argument(kwargs, match, student):
    statement = kwargs.pop("statement")
    with pytest.raises(TypeError, match=match):
        claim(statement, kwargs.pop("holds"), **kwargs)
