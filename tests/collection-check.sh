#!/usr/bin/env bash
# Checks the collection as users get it: the checkout resolves
# datalake.alluxio (site.yml syntax, hosts, plugin docs), and the artifact
# from `ansible-galaxy collection build` installs and resolves too.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

echo "--- checkout: site.yml against inventories/prod"
ansible-playbook site.yml -i inventories/prod --syntax-check
ansible-playbook site.yml -i inventories/prod --list-hosts
echo "--- checkout: every playbook against inventories/prod"
for playbook in playbooks/*.yml; do
  ansible-playbook "$playbook" -i inventories/prod --syntax-check >/dev/null
done
echo "--- checkout: plugin docs"
ansible-doc -t lookup datalake.alluxio.alluxio_leader >/dev/null
for module_file in plugins/modules/*.py; do
  [ -e "$module_file" ] || continue
  module=$(basename "$module_file" .py)
  ansible-doc -t module "datalake.alluxio.$module" >/dev/null
done

echo "--- artifact: build, install, resolve"
out=$(mktemp -d /tmp/datalake-build.XXXXXX)
trap 'rm -rf "$out"' EXIT
ansible-galaxy collection build --force --output-path "$out" .
artifact=$(ls "$out"/datalake-alluxio-*.tar.gz)
# Away from the checkout's ansible.cfg, so only the installed copy resolves;
# its dependencies come from the `ansible` package on the Python path.
(
  cd "$out"
  export -n ANSIBLE_CONFIG
  unset ANSIBLE_CONFIG
  export ANSIBLE_COLLECTIONS_PATH="$out/installed"
  ansible-galaxy collection install --force --no-deps -p "$out/installed" "$artifact"
  ansible-doc -t lookup datalake.alluxio.alluxio_leader >/dev/null
  ansible-doc -t module datalake.alluxio.alluxio_format >/dev/null
  ansible-playbook datalake.alluxio.site -i "$repo/inventories/prod" --syntax-check
)
echo "collection check: ok ($(basename "$artifact"), $(du -h "$artifact" | cut -f1))"
