# shellcheck shell=bash
# Sourced by the lab scripts that install Debian packages on this machine.
# Another apt-get or dpkg (unattended-upgrades, a second lab script, a person)
# may hold the package locks: wait for them, up to LAB_APT_LOCK_WAIT seconds
# (600 by default), instead of failing at once.
#   lab_apt_install PACKAGE...   apt-get update, then apt-get install -y

lab_apt_lock_wait=${LAB_APT_LOCK_WAIT:-600}

# DPkg::Lock::Timeout makes `install` wait for dpkg's lock; `update` does not
# wait for the lists lock with it (apt 2.6), so it is retried.
lab_apt_get() {
  apt-get -o "DPkg::Lock::Timeout=$lab_apt_lock_wait" "$@"
}

lab_apt_update() {
  local deadline=$((SECONDS + lab_apt_lock_wait)) out
  until out=$(lab_apt_get update -qq 2>&1); do
    if [[ $out != *"Could not get lock"* ]] || ((SECONDS >= deadline)); then
      printf '%s\n' "$out" >&2
      return 1
    fi
    echo "lab: another apt-get holds the package lists; waiting" >&2
    sleep 5
  done
}

lab_apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  lab_apt_update
  lab_apt_get install -y -qq "$@" >/dev/null
}
