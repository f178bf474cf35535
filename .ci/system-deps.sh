#!/bin/sh
# Install the Debian packages psgnews needs, if any are missing.
#   runtime: what WeasyPrint needs to make PDFs (Pango, HarfBuzz, fonts)
#   test:    also poppler-utils (PDF checks), chromium (how the email looks),
#            openssl (a certificate for the SMTP-over-TLS tests), npm (axe-core,
#            the accessibility check of the unsubscribe page) and rsync (publish to
#            an rsync: target; a user needs it only for such a target) and
#            dovecot-imapd (the IMAP server benchmarks/members_bench.py reads; the
#            benchmark runs its own instance, so the system's is disabled)
# As root this runs apt-get; otherwise it prints the exact command and exits 1.
set -eu
runtime="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core"
test_only="poppler-utils chromium openssl npm rsync dovecot-imapd"
case "${1:-runtime}" in
  runtime) wanted="$runtime" ;;
  test) wanted="$runtime $test_only" ;;
  *) echo "usage: $0 runtime|test" >&2; exit 2 ;;
esac

missing=""
for package in $wanted; do
  # An npm of another build of Node.js will do (NodeSource's nodejs carries its own, and
  # Debian's npm cannot be installed beside it).
  if [ "$package" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "psgnews needs these Debian packages:$missing"
  echo "Install them with:"
  echo "  sudo sh -c '$command'"
  exit 1
fi
echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
case " $missing " in
  *" dovecot-imapd "*)
    # Debian starts a system-wide Dovecot on ports 143/993; the benchmark needs none of it.
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
    fi
    ;;
esac
