# Landslide Mapper: set-up, tests, demo, benchmark, screenshot, translations.
# `make demo` and `make test` set everything up first when needed.

SHELL := /bin/bash
PY_SYS := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
# pip reads no machine-wide config: its extra indexes only add noise here.
PIP := PIP_CONFIG_FILE=/dev/null $(PY) -m pip
CONSTRAINTS := requirements/constraints.txt
FIND_LINKS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)
DEPS_DIR := $(shell $(PY_SYS) -c 'import sys; sys.path.insert(0, "plugin"); import deps; print(deps.deps_dir())' 2>/dev/null)
STAMP := $(VENV)/.setup-done
APT_PACKAGES := qgis python3-qgis qgis-providers python3-rasterio python3-matplotlib \
	python3-scipy xvfb xauth pyqt5-dev-tools qttools5-dev-tools
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export QT_QPA_PLATFORM ?= offscreen
export LANDSLIDE_MAPPER_DEPS ?= $(DEPS_DIR)

.PHONY: setup system-packages install uninstall test demo bench screenshot i18n clean help

help:
	@echo "make setup       install system packages, .venv and the plugin's dependency folder"
	@echo "make test        set up, then run the whole test suite"
	@echo "make demo        set up, then map landslides in the bundled sample scene"
	@echo "make bench       throughput and memory benchmark (CPU)"
	@echo "make install     link the plugin into the default QGIS profile and enable it"
	@echo "make screenshot  the QGIS desktop under Xvfb with a finished run (PNG)"
	@echo "make i18n        refresh .ts sources and compile .qm translations"

setup: $(STAMP)

system-packages:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml requirements/dev.txt requirements/runtime.txt $(CONSTRAINTS)
	@$(MAKE) --no-print-directory system-packages
	@[ -x $(PY) ] || $(PY_SYS) -m venv --system-site-packages $(VENV)
	$(PIP) install -q -c $(CONSTRAINTS) $(FIND_LINKS) -r requirements/dev.txt
	@echo "Filling the plugin's dependency folder $(DEPS_DIR)"
	@mkdir -p "$(DEPS_DIR)"
	$(PIP) install -q --upgrade --no-deps --target "$(DEPS_DIR)" -r requirements/runtime.txt
	$(PIP) install -q --no-deps --no-build-isolation -e .
	@$(PY) -c 'import numpy, rasterio, sys; assert numpy.__version__.startswith("1.24"), numpy.__version__' \
	  || { echo "numpy was changed; Debian's rasterio needs numpy 1.24"; exit 1; }
	@$(MAKE) --no-print-directory i18n-compile
	@touch $@
	@echo "Set-up done: $(VENV)/bin/landslide-mapper, dependencies in $(DEPS_DIR)"

i18n-compile:
	@for ts in i18n/*.ts; do [ -e "$$ts" ] || continue; lrelease -silent "$$ts" -qm "$${ts%.ts}.qm" 2>/dev/null \
	  || /usr/lib/qt5/bin/lrelease -silent "$$ts" -qm "$${ts%.ts}.qm"; done

i18n: setup
	$(PY) scripts/update_translations.py
	@$(MAKE) --no-print-directory i18n-compile

test: setup
	$(PY) -m pytest -q $(PYTEST_ARGS)

demo: setup
	$(PY) scripts/demo.py

bench: setup
	$(PY) bench/run_bench.py
	$(PY) bench/vectorize_memory.py

install: setup
	$(PY) scripts/install_plugin.py

uninstall:
	$(PY_SYS) scripts/install_plugin.py --uninstall

screenshot: setup
	$(PY) scripts/screenshot.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
