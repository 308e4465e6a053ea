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
# NOTEBOOKS="03 05" limits student, grading and book to those notebooks (default: all).
# TORCH picks the PyTorch build: the default is a fixed release; `make TORCH=torch lab` takes
# whatever pip finds for your machine (a CUDA build on Linux x86_64).

PYTHON ?= python3
VENV   ?= .venv
TORCH  ?= torch==2.13.0
PORT   ?= 8888
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.fplib-installed
BROWSER := $(VENV)/.browser-checked
ROOT   := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test check setup student grading release autograde reproduce book clean

setup: $(STAMP)

$(STAMP): pyproject.toml binder/overrides.json binder/lab-settings
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
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

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --port=$(PORT) $(ROOT) $(LAB_ARGS)

# Two workers, one file (one notebook kernel) each at a time, one thread each: on a 2-core machine the
# notebooks run side by side instead of fighting over both cores.
WORKERS ?= 2
test: $(STAMP) $(BROWSER)
	FPLIB_PROFILE=quick FPLIB_REQUIRE_BROWSER=$(CI) OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
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

grading: $(STAMP)
	$(BIN)/python -m coursework.grading notebooks build/grading $(NOTEBOOKS)

release: $(STAMP)
	$(BIN)/python -m coursework.classroom release $(NB) $(if $(COURSE_WHEEL),--course-wheel "$(COURSE_WHEEL)")

autograde: $(STAMP)
	$(BIN)/python -m coursework.classroom autograde $(NB) $(SUBMISSIONS)

clean:
	rm -rf $(VENV) build test-artifacts
