#!/usr/bin/env bash
# The kit's test command (README "Run the tests"; .ci/run calls it through ./kit test).
# Installs what the tests need that Maven cannot fetch (Jupyter with its notebook UI, and Debian's chromium +
# chromium-driver for the browser test, when the kernel module is present), then runs every unit and integration test with the Maven Wrapper.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -x environment/install.sh ]]; then
  bash environment/install.sh --ui --browser   # the notebook UI and Chromium for the browser test (BrowserCourseTest)
fi
exec ./mvnw -B verify "$@"
