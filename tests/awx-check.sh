#!/usr/bin/env bash
# `make awx`: the AWX/Tower side of the collection, offline.
#   1. execution environment: `ansible-builder introspect` lists the
#      collection's Python/system needs; `ansible-builder create` writes the
#      build context (the image build itself needs a registry: not here);
#   2. playbooks/awx/configure.yml syntax; unattended playbooks (no pause
#      module, no vars_prompt);
#   3. pytest: surveys vs role argument specs, awx.awx arguments, the harness;
#   4. the harness for real: one lab container over ssh, a job template run
#      through ansible-runner twice (changed 1, then 0), a bad survey answer
#      refused before launch, a wrong key failing the job.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
work=$(mktemp -d /tmp/datalake-awx.XXXXXX)
container="awx-check-$$"
cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "--- execution environment: introspect and create (offline)"
ansible-builder introspect --sanitize collections/ | tee "$work/introspect.txt"
grep -q "^- .kazoo>=" "$work/introspect.txt"
# The EE's Python needs are ranges (collection guidelines) and only what the
# controller runs: no Docker SDK, no requests.
if grep -qE "^- .(docker|requests)[=<>]" "$work/introspect.txt"; then echo "the EE lists docker or requests"; exit 1; fi
# Project sync installs collections/requirements.yml before the EE's own:
# the same versions in both, exactly.
python3 - <<'PY'
import sys
import yaml
with open('execution-environment.yml') as handle:
    ee = {c['name']: str(c['version']) for c in yaml.safe_load(handle)['dependencies']['galaxy']['collections'] if 'version' in c}
with open('collections/requirements.yml') as handle:
    sync = {c['name']: str(c['version']) for c in yaml.safe_load(handle)['collections']}
if ee != sync:
    sys.exit('collections/requirements.yml %s differs from execution-environment.yml %s' % (sync, ee))
print('collections pinned alike in both files: %s' % ', '.join('%s %s' % item for item in sorted(sync.items())))
PY
mkdir -p "$work/ee/context-input"
ansible-galaxy collection build --force --output-path "$work/ee/context-input" . >/dev/null
cp execution-environment.yml "$work/ee/"
(cd "$work/ee" && ansible-builder create -f execution-environment.yml --context context --output-filename Containerfile -v 1)
# The artifact execution-environment.yml names is the one galaxy.yml's version builds.
version=$(sed -n 's/^version: *//p' galaxy.yml)
grep -q "datalake-alluxio-$version.tar.gz" execution-environment.yml \
  || { echo "execution-environment.yml does not name datalake-alluxio-$version.tar.gz (galaxy.yml's version)"; exit 1; }
for f in Containerfile _build/requirements.yml "_build/galaxy/datalake-alluxio-$version.tar.gz" _build/scripts/assemble; do
  test -s "$work/ee/context/$f" || { echo "EE context lacks $f"; exit 1; }
done
grep -q 'ansible-core==2.19' "$work/ee/context/Containerfile"
grep -q 'ansible-runner==2.4' "$work/ee/context/Containerfile"
echo "EE context: ok ($(find "$work/ee/context" "$work/ee/context/_build" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' '))"

echo "--- AWX playbook syntax, unattended playbooks"
ansible-playbook playbooks/awx/configure.yml --syntax-check
offenders=$(grep -rlnE '^\s*(- )?(ansible\.builtin\.)?pause:|^\s*(- )?vars_prompt:' site.yml playbooks roles || true)
if [ -n "$offenders" ]; then echo "pause/vars_prompt found (AWX jobs run unattended): $offenders"; exit 1; fi
echo "no pause, no vars_prompt"

echo "--- unit: surveys, awx.awx arguments, harness"
pytest -q tests/unit/awx tests/unit/runner

echo "--- harness: a job template through ansible-runner over ssh"
image=${LAB_IMAGE:-$(cat .cache/lab-image)}
ssh-keygen -q -t ed25519 -N '' -f "$work/wrong_key"
docker run -d --name "$container" --hostname "$container" --cap-add SYS_ADMIN --security-opt seccomp=unconfined \
  --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock "$image" /lib/systemd/systemd >/dev/null
# The machine credential is the lab's operator account (ops, sudo for become).
python3 tests/lab/ssh_access.py --dir "$work/ssh" "$container" >/dev/null
address=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")
printf '{"check-host": "%s"}\n' "$address" > "$work/hosts.json"
# Shaped like molecule's: its connection variables (ssh_config, operator)
# give way to AWX's machine credential and the address from hosts.json.
printf 'all:\n  hosts:\n    check-host:\n      ansible_connection: ssh\n      ansible_ssh_common_args: -F %s\n' \
  "$work/ssh/ssh_config" > "$work/inventory.yml"
run=(python tests/runner/awx_job.py --templates tests/runner/job_templates.yml --template runner-check
     --inventory "$work/inventory.yml" --hosts-json "$work/hosts.json" --ssh-key "$work/ssh/id_ed25519" --user ops)
"${run[@]}" --expect-changed 1 > "$work/first.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["artifacts"]["runner_check_word"] == "pong", d' "$work/first.json"
"${run[@]}" --expect-changed 0 > /dev/null
"${run[@]}" --answer runner_check_word=ping --expect-changed 1 > "$work/third.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["artifacts"]["runner_check_word"] == "ping", d' "$work/third.json"
set +e
"${run[@]}" --answer runner_check_word=bogus > /dev/null 2> "$work/bad.txt"; bad=$?
"${run[@]}" --ssh-key "$work/wrong_key" --expect-failure > /dev/null 2>&1; wrong=$?
set -e
if [ "$bad" -ne 2 ] || ! grep -q 'survey answers rejected' "$work/bad.txt"; then
  echo "bad answer not refused (rc=$bad)"; exit 1
fi
[ "$wrong" -eq 0 ] || { echo "a job with the wrong key did not fail as expected (rc=$wrong)"; exit 1; }
echo "awx check: ok"
