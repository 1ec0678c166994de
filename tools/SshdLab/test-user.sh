#!/bin/sh
# The throwaway account that lab appliances behind a real sshd are logged into, shared by the Pester
# lab (SshdLab.psm1) and the xUnit fixtures (tests/EmailGateway.Integration.Tests/Infrastructure), so
# both set it up the same way. Linux, as root.
#
#   test-user.sh ensure              creates the account if needed; prints its password
#   test-user.sh stage PROGRAM DIR   copies PROGRAM's folder into the new folder DIR, where the account
#                                    can run it (a checkout may sit in a folder it cannot enter, such as
#                                    /root); prints the copy's path, or fails with one line saying why
#
# Concurrent test runs share the account: it is changed only under a lock, and its password is one per
# machine, drawn once and kept where only root can read it, so no run changes it under another.
set -eu

name=eglabuser
home=/var/lib/emailgateway-test-user
secret=/var/lib/emailgateway-test-user.password
recorded=/var/lib/emailgateway-test-user.hash
lock=/var/lib/emailgateway-test-user.lock

fail() { echo "$*" >&2; exit 1; }

require_root() {
  [ "$(id -u)" = 0 ] || fail "test-user.sh $1 needs root: it creates the account $name and acts as it (running as $(id -un))."
}

field() { cut -d: -f"$1"; }

ensure() {
  require_root ensure
  exec 9>"$lock"
  flock -w 120 9 || fail "Another test run has held $lock for over 120 s."

  if ! entry=$(getent passwd "$name"); then
    useradd --system --create-home --home-dir "$home" --shell /bin/sh "$name" >/dev/null
  elif [ "$(echo "$entry" | field 6)" != "$home" ] || [ "$(echo "$entry" | field 7)" != /bin/sh ]; then
    usermod --shell /bin/sh --home "$home" "$name"
  fi
  mkdir -p "$home"
  chown "$name:" "$home"

  if [ ! -s "$secret" ]; then
    # noclobber: a run of an older checkout may draw it at the same moment, without the lock
    (umask 077; set -C; printf 'Pw-%s' "$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F)" > "$secret") 2>/dev/null || true
  fi
  password=
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    password=$(cat "$secret")
    [ -n "$password" ] && break
    sleep 0.05 # its writer is between creating and writing it
  done
  [ -n "$password" ] || fail "$secret is empty."

  # Set only when the account's hash is not the one recorded at the last setting: chpasswd rewrites
  # /etc/shadow, which fails while another process holds it.
  if [ "$(getent shadow "$name" | field 2)" != "$(cat "$recorded" 2>/dev/null || true)" ]; then
    printf '%s:%s\n' "$name" "$password" | chpasswd
    (umask 077; getent shadow "$name" | field 2 > "$recorded")
  fi
  printf '%s\n' "$password"
}

stage() {
  require_root stage
  program=$1 dir=$2
  getent passwd "$name" >/dev/null || fail "The account $name does not exist: run test-user.sh ensure first."
  [ -f "$program" ] || fail "The appliance program is not built at $program."
  mkdir -m 755 "$dir" || fail "Cannot create $dir."
  if ! cp -R "$(dirname "$program")/." "$dir/" || ! chmod -R a+rX "$dir"; then
    rm -rf "$dir"
    fail "Cannot copy the appliance program to $dir."
  fi
  staged="$dir/$(basename "$program")"
  # Run as sshd will run it: as the account, with a bare environment.
  if ! problem=$(setpriv --reuid="$name" --regid="$name" --clear-groups -- \
      env -i PATH=/usr/bin:/bin HOME="$home" "$staged" --help 2>&1 >/dev/null); then
    rm -rf "$dir"
    fail "$name cannot run the appliance program copied to $staged ($(echo "$problem" | head -n 1)): every folder above it must be open to all users (set TMPDIR to one, such as /tmp), and so must the .NET runtime unless it is the native build."
  fi
  printf '%s\n' "$staged"
}

case "${1:-}" in
  ensure) ensure ;;
  stage) [ $# -eq 3 ] || fail "usage: test-user.sh stage PROGRAM DIR"; stage "$2" "$3" ;;
  *) fail "usage: test-user.sh ensure | stage PROGRAM DIR" ;;
esac
