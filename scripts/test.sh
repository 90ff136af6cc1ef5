#!/usr/bin/env bash
# The test suite: starts a throwaway PostgreSQL server (the store, HTTP and crash tests run against both SQLite
# and PostgreSQL), runs `swift test` (with any arguments given; without, the end-to-end suites last, on their own,
# then the web console's browser suite), then stops the server by its process id.
set -euo pipefail
cd "$(dirname "$0")/.."
# The e-mail tests send to aiosmtpd (PyPI); a Debian system Python takes pip installs only when told (PEP 668).
python3 -c 'import aiosmtpd' 2>/dev/null || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q aiosmtpd==1.4.6
# The web console's suite drives Chromium (Debian's, with its driver) through Selenium (PyPI).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
fi
python3 -c 'import selenium' 2>/dev/null || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q 'selenium==4.*'
folder=$(mktemp -d /tmp/hermine-test-postgres.XXXXXX)
trap 'scripts/postgres.sh stop "$folder"; rm -rf "$folder"' EXIT
HERMINE_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$folder" fast)
export HERMINE_TEST_POSTGRES_URL
if [ $# -gt 0 ]; then
  swift test "$@"
else
  # The end-to-end suites run the hub and the portal simulator as processes of their own under faults, for
  # minutes: they run after the others, so that neither starves the other's timers on a small machine.
  swift test --skip EndToEndTests
  swift test --skip-build --filter EndToEndTests
  # The web console in a real browser, against a live `hermine serve --demo` (screenshots: .build/console-screenshots).
  scripts/browser-tests.sh
fi
