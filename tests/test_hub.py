"""A graded term on a real JupyterHub (coursework.hub, `make hub`) on loopback, one Unix account per person:

* a student account is refused the instructor's course (source, gradebook), another student's home and the
  exchange's submissions, while its own fetch and submit work;
* the whole term in headless Chromium: notebook 03 released; three students sign in, fetch it in the Assignments
  tab, answer (right, wrong, right after the deadline) and submit there; the instructor collects, autogrades,
  grades the hand-graded answers (scripted), generates and releases feedback; students fetch it. The gradebook's
  scores, the late flag from nbgrader's own timestamps and each student's feedback HTML are checked.

Needs root (the set-up creates accounts), the hub's environments (`python -m coursework.hub build`, which
`make test` runs) and chromium + chromedriver. The deadline is set once the on-time students have submitted,
so the test waits for no clock: lateness is nbgrader's comparison of its submission timestamp with it.
"""
import json
import math
import os
import secrets
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from helpers import chrome, free_port, stop, wait_for, wait_for_url

from coursework import hub

pytestmark = pytest.mark.slow

ENVS = Path(os.environ.get("FPLIB_HUB_ENVS", hub.ENVS))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
STEM = "03_jacobi_poisson"
WRONG = {"def jacobi_sweep": "def jacobi_sweep(u, g, h):\n    return np.zeros_like(u)",  # the right form, wrong values
         "sweeps_n255": "sweeps_n255 = 1.0"}
INSTRUCTOR_COMMANDS = ("nbgrader:open-formgrader", "nbgrader:open-create-assignment", "nbgrader:open-course-list")


@pytest.fixture(scope="module")
def course():
    """The course on a running hub: an instructor and five students (the last two probe permissions); removed after."""
    if os.geteuid() != 0:
        pytest.skip("the hub's set-up creates Unix accounts: run as root (make test does where it can)")
    assert hub.proxy(ENVS).exists(), f"no hub environments in {ENVS}: run `python -m coursework.hub build` (make test does)"
    tag = secrets.token_hex(2)
    state = Path(tempfile.mkdtemp(prefix="fplib-hub-", dir="/tmp"))
    course = hub.Course(f"fpi{tag}", tuple(f"fp{who}{tag}" for who in "abcde"), state, ENVS, free_port(),
                        server_args=["--LabApp.expose_app_in_browser=True"],
                        environment={"FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0"})
    server = None
    try:
        hub.set_up(course)
        server = hub.start(course)
        wait_for_url(f"http://127.0.0.1:{course.port}/hub/api", server, timeout=180, log=state / "hub.log")
        yield course
    finally:
        if server is not None:
            stop(server)
        hub.tear_down(course)


def test_a_student_is_refused_the_instructors_files_and_other_students_work(course):
    dan, ada = course.students[3:5]  # (not the three of the term)
    hub.nbgrader(course, dan, "fetch_assignment", STEM)  # own fetch and submit work
    hub.nbgrader(course, dan, "submit", STEM)
    hub.nbgrader(course, ada, "fetch_assignment", STEM)
    hub.nbgrader(course, ada, "submit", STEM)
    inbound = course.exchange / hub.COURSE / "inbound"
    (submitted,) = [p for p in inbound.iterdir() if p.name.startswith(f"{ada}+{STEM}+")]
    (own,) = [p for p in inbound.iterdir() if p.name.startswith(f"{dan}+{STEM}+")]
    targets = {
        "source": course.course_dir / "source" / STEM / f"{STEM}.ipynb", "gradebook": course.course_dir / "gradebook.db",
        "course": course.course_dir, "home": course.home(ada), "notebook": course.home(ada) / STEM / f"{STEM}.ipynb",
        "inbound": inbound}
    probe = f"""
import glob, json, os
targets, results = {json.dumps({k: str(v) for k, v in targets.items()})}, {{}}
def attempt(what, action):
    try:
        action()
        results[what] = "allowed"
    except PermissionError:
        results[what] = "refused"
attempt("read the source", lambda: open(targets["source"]).read())
attempt("write the source", lambda: open(targets["source"], "a").close())
attempt("list the course", lambda: os.listdir(targets["course"]))
attempt("read the gradebook", lambda: open(targets["gradebook"], "rb").read(1))
attempt("write the gradebook", lambda: open(targets["gradebook"], "ab").close())
attempt("add to the course", lambda: open(targets["course"] + "/x", "w").close())
attempt("list another home", lambda: os.listdir(targets["home"]))
attempt("read another's notebook", lambda: open(targets["notebook"]).read())
attempt("write into another home", lambda: open(targets["home"] + "/x", "w").close())
attempt("list the submissions", lambda: os.listdir(targets["inbound"]))
found = glob.glob(targets["inbound"] + "/*")
print(json.dumps({{"results": results, "found": found}}))
"""
    done = hub.as_user(dan, [ENVS / "student" / "bin" / "python", "-c", probe], cwd="/tmp")
    seen = json.loads(done.stdout)
    assert seen["results"] and set(seen["results"].values()) == {"refused"}, seen["results"]
    assert seen["found"] == []  # another student's submission cannot even be found (its name carries a random string)
    assert own.owner() == dan and submitted.owner() == ada and (course.home(dan) / STEM / f"{STEM}.ipynb").owner() == dan
    listing = hub.nbgrader(course, dan, "list", "--inbound")
    listed = listing.stdout + listing.stderr
    assert ada not in listed


LOGIN = "return document.querySelector('#username_input') !== null;"
APP_READY = "return !!(window.jupyterapp && window.jupyterapp.commands.hasCommand('nbgrader:open-assignment-list'));"
BUTTONS = "[...document.querySelectorAll('.lm-Widget button')].filter(b => b.textContent.trim() === {label} && !b.disabled)"
ANSWER = """
const [path, answers, done] = arguments;
const contents = window.jupyterapp.serviceManager.contents;
contents.get(path, {content: true}).then(model => {
  for (const cell of model.content.cells) {
    const id = cell.metadata.nbgrader && cell.metadata.nbgrader.grade_id;
    if (id in answers) cell.source = answers[id];
  }
  return contents.save(path, {type: 'notebook', format: 'json', content: model.content});
}).then(() => done('saved'), e => done('failed: ' + e));
"""


def sign_in(driver, course, user):
    """Sign ``user`` in with the course password and open their JupyterLab (spawning their server)."""
    base = f"http://127.0.0.1:{course.port}"
    driver.get(f"{base}/hub/login")
    wait_for(driver, LOGIN, "the hub's sign-in page", 30)
    driver.find_element("id", "username_input").send_keys(user)
    driver.find_element("id", "password_input").send_keys((Path(course.state) / "password").read_text().strip())
    driver.find_element("id", "login_submit").click()
    wait_for(driver, "return document.readyState === 'complete' && !document.querySelector('#login_submit');",
             f"{user} signed in", 30)
    driver.get(f"{base}/hub/spawn")  # starts their server (or finds it running) and opens it: JupyterLab
    wait_for(driver, APP_READY, f"{user}'s JupyterLab with the Assignments tab", 120)
    assert driver.execute_script(f"return {list(INSTRUCTOR_COMMANDS)!r}.filter(c => window.jupyterapp.commands.hasCommand(c));") \
        == (list(INSTRUCTOR_COMMANDS) if user == course.instructor else [])
    driver.execute_script("window.jupyterapp.commands.execute('nbgrader:open-assignment-list');")


def press(driver, label, what):
    """Click the Assignments tab's button ``label`` once it is there."""
    buttons = BUTTONS.format(label=json.dumps(label))
    wait_for(driver, f"return {buttons}.length > 0;", what, 60)
    driver.execute_script(f"{buttons}[0].click();")


def answers(course, right: bool) -> dict:
    """grade id -> the answer a right (the instructor's solution and model answer) or a wrong student writes."""
    source = nbformat.read(course.course_dir / "source" / STEM / f"{STEM}.ipynb", as_version=4)
    found = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        wrong = next((text for key, text in WRONG.items() if key in cell.source), "I do not know.")
        found[meta["grade_id"]] = cell.source if right else wrong
    assert len(found) == 4, found  # two exercises checked by code, two answered in words
    return found


def keep_evidence(driver, name: str) -> None:
    """A screenshot and the page's text in test-artifacts/, for a failure's report."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"hub-{name}.png"))
    (ARTIFACTS / f"hub-{name}.txt").write_text(driver.current_url + "\n" + driver.execute_script("return document.body.innerText;"))


def submissions(course, user) -> list[Path]:
    return sorted((course.exchange / hub.COURSE / "inbound").glob(f"{user}+{STEM}+*"))


@contextmanager
def signed_in(course, user, tmp_path, name: str):
    """A headless Chromium signed in to the hub as ``user``; on a failure its screenshot and text are kept."""
    driver = chrome(tmp_path / f"chrome-{name}-{user}")
    try:
        sign_in(driver, course, user)
        yield driver
    except Exception:
        keep_evidence(driver, f"{name}-{user}")
        raise
    finally:
        driver.quit()


def wait_until(condition, what: str, seconds: float = 60) -> None:
    """Poll ``condition()`` every half second until it is true; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def student_term(course, user, written: dict, tmp_path) -> None:
    """``user`` signs in, fetches notebook 03 in the Assignments tab, writes ``written`` (grade id -> answer) into
    the fetched notebook (through their server, as the editor saves it) and submits it in the Assignments tab."""
    with signed_in(course, user, tmp_path, "term") as driver:
        press(driver, "Fetch", f"{user}: the released notebook in the Assignments tab")
        wait_for(driver, f"return {BUTTONS.format(label=json.dumps('Submit'))}.length > 0;", f"{user}: the fetched notebook", 60)
        saved = driver.execute_async_script(ANSWER, f"{STEM}/{STEM}.ipynb", written)
        assert saved == "saved", saved
        press(driver, "Submit", f"{user}: the Submit button")
        wait_until(lambda: submissions(course, user), f"{user}'s submission did not reach the exchange")


def fetch_feedback_in_the_browser(course, user, tmp_path) -> None:
    with signed_in(course, user, tmp_path, "feedback") as driver:
        press(driver, "Fetch Feedback", f"{user}: the Fetch Feedback button")
        wait_until(lambda: list((course.home(user) / STEM / "feedback").glob(f"*/{STEM}.html")),
                   f"{user}'s feedback did not arrive")


def grade_by_hand(course, right: dict) -> None:
    """The instructor's hand grading, scripted: full points to the right answers in words, none to the wrong."""
    script = f"""
from nbgrader.api import Gradebook
with Gradebook("sqlite:///{course.course_dir}/gradebook.db", course_id="{hub.COURSE}") as gb:
    for student, right in {right!r}.items():
        graded = [g for g in gb.find_submission_notebook("{STEM}", "{STEM}", student).grades if g.auto_score is None]
        assert len(graded) == 2, graded
        for grade in graded:  # as the formgrader saves a grade
            grade.manual_score = grade.max_score if right else 0
            grade.needs_manual_grade = False
    gb.db.commit()
"""
    hub.as_user(course.instructor, [ENVS / "grader" / "bin" / "python", "-c", script], cwd=course.course_dir)


def gradebook(course) -> dict:
    script = f"""
import json
from nbgrader.api import Gradebook
out = {{}}
with Gradebook("sqlite:///{course.course_dir}/gradebook.db", course_id="{hub.COURSE}") as gb:
    for sub in gb.assignment_submissions("{STEM}"):
        out[sub.student_id] = dict(score=sub.score, max=sub.max_score, auto=sum(g.auto_score or 0 for n in sub.notebooks
                                   for g in n.grades), late=sub.total_seconds_late, needs_grading=sub.needs_manual_grade)
print(json.dumps(out))
"""
    return json.loads(hub.as_user(course.instructor, [ENVS / "grader" / "bin" / "python", "-c", script],
                                  cwd=course.course_dir).stdout)


def test_a_whole_term_in_the_browser(course, tmp_path):
    ada, bob, cy = course.students[:3]  # right, wrong, right but late
    for user, right in ((ada, True), (bob, False)):
        student_term(course, user, answers(course, right), tmp_path)
    deadline = math.ceil(time.time()) + 1  # a whole second (nbgrader's format) after the on-time submissions
    hub.nbgrader(course, course.instructor, "db", "assignment", "add", STEM,
                 f"--duedate={time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(deadline))} UTC")
    time.sleep(max(0.0, deadline + 0.5 - time.time()))  # the late submission comes strictly after it
    student_term(course, cy, answers(course, True), tmp_path)
    quick = {"FPLIB_PROFILE": "quick", "FPLIB_PROGRESS": "0"}
    hub.nbgrader(course, course.instructor, "collect", STEM)
    hub.nbgrader(course, course.instructor, "autograde", STEM, env=quick)
    grade_by_hand(course, {ada: True, bob: False, cy: True})
    hub.nbgrader(course, course.instructor, "generate_feedback", STEM)
    hub.nbgrader(course, course.instructor, "release_feedback", STEM)
    fetch_feedback_in_the_browser(course, ada, tmp_path)
    for user in (bob, cy):
        hub.nbgrader(course, user, "fetch_feedback", STEM)
    peek = hub.as_user(bob, [ENVS / "student" / "bin" / "python", "-c", "import os, sys\ntry:\n    os.listdir(sys.argv[1])\n"
                             "except PermissionError:\n    print('refused')", course.exchange / hub.COURSE / "feedback"], cwd="/tmp")
    assert peek.stdout.strip() == "refused"  # nobody lists the feedback of others (each page's name is a hash)
    book = gradebook(course)
    assert book[ada]["score"] == book[ada]["max"] == book[cy]["score"] > 0, book
    assert book[bob]["score"] == 0 and book[bob]["auto"] == 0, book
    assert book[ada]["auto"] == book[cy]["auto"] > 0 and not any(book[u]["needs_grading"] for u in (ada, bob, cy)), book
    assert book[ada]["late"] == book[bob]["late"] == 0 < book[cy]["late"], book
    for user in (ada, bob, cy):
        (html,) = (course.home(user) / STEM / "feedback").glob(f"*/{STEM}.html")
        assert html.owner() == user and "Jacobi" in html.read_text()
