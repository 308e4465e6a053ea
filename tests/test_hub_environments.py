"""The hub's two environments (hub/student, hub/grader) stay in step with the project: the same PyTorch release as
the Makefile, the hub's JupyterHub within pyproject's bounds, nbgrader as the grading extra allows; the student's
side installs the course copy and switches nbgrader's instructor extensions off, the grader's the full library."""
import re
from pathlib import Path

import pytest

import fplib
from coursework import hub

tomllib = pytest.importorskip("tomllib")
ROOT = Path(__file__).resolve().parents[1]


def pins(side: str) -> dict[str, str]:
    lines = [line.split("#")[0].strip() for line in (ROOT / "hub" / side / "requirements.txt").read_text().splitlines()]
    return {re.match(r"[A-Za-z0-9_.\-]+", line).group(0): line for line in lines if line}


def test_the_two_sides_pin_what_the_project_uses():
    from packaging.requirements import Requirement

    makefile = re.search(r"^TORCH\s*\?=\s*(\S+)", (ROOT / "Makefile").read_text(), flags=re.M).group(1)
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (hub_bound,) = [Requirement(r) for r in extras["hub"] if r.startswith("jupyterhub")]
    (nbgrader_bound,) = [Requirement(r) for r in extras["grading"] if r.startswith("nbgrader")]
    for side in hub.SIDES:
        found = pins(side)
        assert found["torch"] == makefile, side
        jupyterhub = Requirement(found["jupyterhub"])
        assert hub_bound.specifier.contains(next(iter(jupyterhub.specifier)).version), side  # the hub's major version
        assert "fprinciple" not in found  # fplib comes from the wheel beside the file (postBuild)
    student = Requirement(pins("student")["nbgrader"])
    assert all(nbgrader_bound.specifier.contains(v) for v in ("0.9.0", "0.9.6"))
    assert student.specifier.contains("0.9.6") and not student.specifier.contains("0.10.0")


def test_the_student_side_has_no_instructor_tools_and_the_grader_side_the_full_library():
    student = (ROOT / "hub" / "student" / "postBuild").read_text()
    grader = (ROOT / "hub" / "grader" / "postBuild").read_text()
    for plugin in ("formgrader", "create-assignment", "course-list"):
        assert f"@jupyter/nbgrader:{plugin}" in student
    assert "formgrader course_list" in student and "[notebooks]" in student and "grading" not in student
    assert "[notebooks,grading]" in grader and "disable" not in grader
    assert hub.SIDES == {"student": True, "grader": False}  # the student's wheel is the course copy


def test_the_kubernetes_configuration_agrees_with_the_local_hub():
    """Not deployed here: parsed, and checked against coursework.hub's own choices."""
    import yaml

    config = yaml.safe_load((ROOT / "hub" / "z2jh" / "config.yaml").read_text())
    single = config["singleuser"]
    (mount,) = single["storage"]["extraVolumeMounts"]
    nbgrader = single["extraFiles"]["nbgrader-config"]["stringData"]
    assert f'c.Exchange.root = "{mount["mountPath"]}"' in nbgrader and f'course_id = "{hub.COURSE}"' in nbgrader
    images = config["hub"]["extraConfig"]["fprinciple-images"]
    assert "fprinciple-student" in single["image"]["name"] and f"fprinciple-grader:{fplib.__version__}" in images
    assert single["image"]["tag"] == fplib.__version__  # the images of this release
    assert single["cpu"]["limit"] >= 1 and float(single["cpu"]["limit"]).is_integer()  # whole threads (fplib.config)
    assert config["hub"]["config"]["JupyterHub"]["authenticator_class"] != "dummy"
    compile(config["hub"]["extraConfig"]["fprinciple-images"], "extraConfig", "exec")
