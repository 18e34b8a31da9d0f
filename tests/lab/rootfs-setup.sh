#!/usr/bin/env bash
# Part of the lab image definition: settings applied to the debootstrapped
# root file system ($1) so that it boots systemd in a container and can be
# driven by Ansible. Its content is hashed into the image tag.
set -euo pipefail
root=$1
# shellcheck source=tests/lab/image.conf
. "$(dirname "$0")/image.conf"

cat >"$root/etc/apt/sources.list" <<EOS
deb $LAB_MIRROR $LAB_SUITE main
deb $LAB_MIRROR $LAB_SUITE-updates main
deb http://deb.debian.org/debian-security $LAB_SUITE-security main
EOS
echo 'APT::Install-Recommends "false";' >"$root/etc/apt/apt.conf.d/90lab-no-recommends"
# Units that need hardware or a real console and only fail in a container.
for unit in getty.target systemd-udevd.service systemd-udevd-control.socket \
  systemd-udevd-kernel.socket systemd-modules-load.service sys-kernel-config.mount \
  sys-kernel-debug.mount sys-fs-fuse-connections.mount systemd-remount-fs.service \
  apt-daily.timer apt-daily-upgrade.timer; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
ln -sf /lib/systemd/system/ssh.service "$root/etc/systemd/system/multi-user.target.wants/ssh.service"
# Host keys are made per container at first boot, not baked into the image.
rm -f "$root"/etc/ssh/ssh_host_*
mkdir -p "$root/etc/systemd/system/ssh.service.d"
cat >"$root/etc/systemd/system/ssh.service.d/10-lab-hostkeys.conf" <<'EOS'
[Service]
ExecStartPre=
ExecStartPre=/usr/bin/ssh-keygen -A
ExecStartPre=/usr/sbin/sshd -t
EOS
: >"$root/etc/machine-id"
echo 'en_US.UTF-8 UTF-8' >"$root/etc/locale.gen"
chroot "$root" locale-gen >/dev/null 2>&1 || true
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
