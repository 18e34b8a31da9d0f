# Single entry point for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
# Molecule scenarios read the lab image tag from the environment.
LAB_IMAGE_FILE := .cache/lab-image

.PHONY: help setup lab dist lint sanity unit collection awx test demo drill demo-down bench

help: ## list the targets
	@grep -hE '^[a-zA-Z_%-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 26

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed ## virtualenv with the pinned controller and developer tools

lab: setup ## Docker engine running and the lab base image built (once per machine)
	@mkdir -p .cache
	@# Replaced atomically: the lanes of `make test` read it while others write it.
	bash tests/lab/build-image.sh > $(LAB_IMAGE_FILE).$$$$ && mv -f $(LAB_IMAGE_FILE).$$$$ $(LAB_IMAGE_FILE)
	@echo "lab image: $$(cat $(LAB_IMAGE_FILE))"

# The release the lifecycle scenario deploys first and upgrades from.
UPGRADE_FROM ?= 2.9.4

dist: ## Alluxio 2.9.6 test distribution, the $(UPGRADE_FROM) one upgrades start from, Java 11, the lab HDFS (cached by input hash)
	bash tests/alluxio-dist/build.sh
	ALLUXIO_DIST_VERSION=$(UPGRADE_FROM) bash tests/alluxio-dist/build.sh
	bash tests/hdfs/build.sh

dist-%: ## test distribution of another release beside the default (dist-2.9.4: build/manifest-2.9.4.env)
	ALLUXIO_DIST_VERSION=$* bash tests/alluxio-dist/build.sh

lint: setup ## yamllint, ansible-lint (production profile) and the changelog fragments
	yamllint -s .
	ansible-lint
	antsibull-changelog lint
	antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

sanity: setup ## ansible-test sanity on a temporary ansible_collections tree
	bash tests/sanity.sh

unit: setup ## pytest unit and plugin tests (starts a real ZooKeeper on 127.0.0.1)
	pytest tests/unit -q

molecule-%: lab dist ## molecule test -s % (for example: make molecule-single); the test distribution is cached
	LAB_IMAGE=$$(cat $(LAB_IMAGE_FILE)) molecule test -s $*

test: setup ## every test: lint, sanity, unit, distribution, molecule scenarios
	bash tests/run-all.sh

demo: lab ## bring up the demo cluster on local containers (inventories/demo; HDFS=1: journal and UFS on a lab HDFS)
	LAB_IMAGE=$$(cat $(LAB_IMAGE_FILE)) bash tests/lab/demo.sh up

drill: setup ## the failover drill on the demo cluster (HDFS=1 for the HDFS variant)
	bash tests/lab/demo.sh drill

demo-down: ## remove the demo containers and network
	bash tests/lab/demo.sh down

bench: lab ## timings: cold deploy (3 vs 6 workers), re-run, failover, leader lookup (BENCH_QUICK=1: smoke run)
	bash bench/run.sh

collection: setup ## site.yml syntax/hosts, plugin docs, built artifact installs and resolves
	bash tests/collection-check.sh

awx: lab ## AWX/Tower: EE build context (offline), configure.yml, surveys, the ansible-runner harness on one container
	LAB_IMAGE=$$(cat $(LAB_IMAGE_FILE)) bash tests/awx-check.sh
