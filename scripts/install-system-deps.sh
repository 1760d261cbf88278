#!/usr/bin/env bash
# Installs the Debian packages Sportello's tests and tools need (idempotent, needs root or sudo).
# chromium: UI tests; pcscd + vsmartcard-vpcd + libpcsclite-dev: card reader tests and the PC/SC build;
# poppler-utils, zbar-tools, dmtx-utils: PDF, QR and Data Matrix checks; libxml2-utils, xmlsec1:
# ANPR XSD and signature conformance; iproute2: private network namespaces for test services;
# postgresql + postgresql-contrib (btree_gist): the Comune hub's tests start their own cluster in a
# temp folder (test/support/postgres.ts), so Debian's own cluster need not run.
set -euo pipefail
packages=(chromium pcscd libpcsclite-dev vsmartcard-vpcd poppler-utils zbar-tools dmtx-utils
          libxml2-utils xmlsec1 iproute2 openssl postgresql postgresql-contrib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "system packages: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed"
