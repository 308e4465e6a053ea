# Two commands, each doing its own set-up in .venv (safe to re-run):
#   make lab    open the notebooks in JupyterLab
#   make test   run the whole test suite (lint, unit tests, every notebook in the quick profile, browser, Binder)
#   make check  the fast part: lint + unit tests (everything not marked slow), under a minute
#   make reproduce  execute every notebook (PROFILE=classroom|quick|paper), write build/reproduce, update figures/
#   make student  write student versions of the notebooks (solutions removed) to build/student
#   make grading  write an nbgrader source tree and otter-grader assignment notebooks to build/grading
#   make release NB=03 [COURSE_WHEEL=url-or-path]   release one notebook with both graders, and the course copy of
#                 fplib, in build/course; the notebooks' install cell installs that copy from COURSE_WHEEL
#   make autograde NB=03 SUBMISSIONS=dir   grade dir/<student>.ipynb with both graders (CSVs in build/course)
#   make answer-key  the instructors' answer key (solutions, model answers, rubrics) in build/answer-key: never publish it
#   make hub      JupyterHub on 127.0.0.1:$(HUB_PORT) for a graded course (as root: creates the accounts; see book/hub.md)
#   make hub-down remove the hub's accounts, their homes and its state
# NOTEBOOKS="03 05" limits student, grading, answer-key and book to those notebooks (default: all).
# TORCH picks the PyTorch build: the default is a fixed release; `make TORCH=torch lab` takes
# whatever the index offers your machine (a CUDA build on Linux x86_64).

PYTHON ?= python3
VENV   ?= .venv
TORCH  ?= torch==2.13.0
PORT   ?= 8888
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.fplib-installed
BROWSER := $(VENV)/.browser-checked
ROOT   := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test check setup student grading release autograde reproduce book clean answer-key hub hub-envs hub-down

setup: $(STAMP)

# uv (from PyPI) installs the same versions pip would in about 10 s instead of 70 (uv compiles no bytecode either:
# Python compiles a module the first time it is imported). uv does not read pip's settings, so it is given the
# wheels folder and constraints that pip is configured with, where there are some (e.g. a PyTorch wheel on disk).
# The tests' fresh environments are installed by uv too, with the same settings. UV_SETTINGS (recursive) is read
# only by the two recipes that install, so no other make command pays for the pip call; a UV_FIND_LINKS or
# UV_CONSTRAINT of your own environment takes precedence.
UV_SETTINGS = $(if $(UV_FIND_LINKS)$(UV_CONSTRAINT),,$(shell $(PYTHON) -m pip config list 2>/dev/null | \
  sed -n "s/^[^=]*\.find-links=\('.*'\)$$/UV_FIND_LINKS=\1/p; s/^[^=]*\.constraint=\('.*'\)$$/UV_CONSTRAINT=\1/p" | \
  sort -s -u -t= -k1,1))
$(STAMP): pyproject.toml binder/overrides.json binder/lab-settings Makefile dependency-overrides.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(UV_SETTINGS) $(BIN)/uv pip install --quiet --python $(BIN)/python --overrides dependency-overrides.txt $(TORCH) -e ".[dev]"
	PATH="$(abspath $(BIN)):$$PATH" bash binder/lab-settings  # JupyterLab opens without the "Jupyter news?" prompt
	touch $(STAMP)

# The browser test drives Debian's chromium + chromedriver; install them where we can (root + apt).
$(BROWSER): | $(STAMP)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "note: chromium and chromedriver not found: the browser test will be skipped"; fi; \
	fi
	touch $(BROWSER)

# The hub's two environments (student: the course copy; grader: the full library) and its proxy, built as their
# images would be (hub/<side>/requirements.txt, then postBuild); they need root (accounts, /opt) and npm.
HUB_ENVS  ?= /opt/fprinciple-hub
HUB_STATE ?= /srv/fprinciple-hub
HUB_PORT  ?= 8000
HUB_USERS ?= --instructor instructor --students student1,student2,student3
hub-envs: $(STAMP)  # rebuilt only when what goes into them changed (a digest of their sources)
	@if [ "$$(id -u)" = 0 ]; then \
	  command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }; \
	  $(BIN)/python -m coursework.hub build --envs $(HUB_ENVS); \
	else echo "note: the hub needs root (it creates accounts): the hub test will be skipped"; fi

hub: hub-envs
	$(BIN)/python -m coursework.hub up --envs $(HUB_ENVS) --state $(HUB_STATE) --port $(HUB_PORT) $(HUB_USERS)

hub-down: $(STAMP)
	$(BIN)/python -m coursework.hub down --state $(HUB_STATE) $(HUB_USERS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(PORT) $(ROOT) $(LAB_ARGS)

# Two workers, one file (one notebook kernel) each at a time, one thread each: on a 2-core machine the
# notebooks run side by side instead of fighting over both cores.
# (The longest files first, with --no-loadscope-reorder, did not help: the workers then end together, but the
# suite is CPU-bound and took as long (529 s of pytest against 523 s), and a hub spawn timed out once
# while the hub's term ran beside the kernels of the release tests.)
WORKERS ?= 2
test: $(STAMP) $(BROWSER) hub-envs
	$(UV_SETTINGS) FPLIB_PROFILE=quick FPLIB_REQUIRE_BROWSER=$(CI) OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	  $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

check: $(STAMP)
	FPLIB_PROFILE=quick $(BIN)/python -m pytest -m "not slow"

PROFILE ?= classroom
reproduce: $(STAMP)
	$(BIN)/python -m coursework.reproduce --profile $(PROFILE) --update-figures

book: $(STAMP)  # the website, from the notebooks make reproduce executed in PROFILE (not run again)
	$(BIN)/python -m coursework.book --profile $(PROFILE) --notebooks $(NOTEBOOKS)

student: $(STAMP)
	$(BIN)/python -m coursework.student notebooks build/student $(NOTEBOOKS)

answer-key: $(STAMP)
	$(BIN)/python -m coursework.answer_key notebooks build/answer-key $(NOTEBOOKS)

grading: $(STAMP)
	$(BIN)/python -m coursework.grading notebooks build/grading $(NOTEBOOKS)

release: $(STAMP)
	$(BIN)/python -m coursework.classroom release $(NB) $(if $(COURSE_WHEEL),--course-wheel "$(COURSE_WHEEL)")

autograde: $(STAMP)
	$(BIN)/python -m coursework.classroom autograde $(NB) $(SUBMISSIONS)

clean:
	rm -rf $(VENV) build test-artifacts
