#!/usr/bin/env bash
# Sets up what the notebooks need: Jupyter (headless: nbclient + nbconvert) and the kit's own Java kernel.
# Idempotent; when everything is in place it only checks and prints (well under a second).
#
# Usage: environment/install.sh [--ui] [--browser] [--kernels-dir DIR] [--threads N]
#   --ui               also the notebook UI (Debian's jupyter-notebook; elsewhere pip's notebook), for ./kit notebook
#   --browser          also headless Chromium and its WebDriver (Debian's chromium, chromium-driver) for the browser
#                      test; without apt-get it says so and goes on (the test then skips)
#   --kernels-dir DIR  install the kernel spec into DIR (a Jupyter "kernels" folder), e.g. a build-local
#                      X/kernels used with JUPYTER_PATH=X; default: the user's, $(jupyter --data-dir)/kernels
#   --threads N        libtorch threads of the kernel (default: the number of CPU cores)
# Environment:
#   COMMA_PYTHON  the Python that has (or gets) Jupyter; default /usr/bin/python3 where it exists, else python3
#   MVN_ARGS      extra Maven arguments for the kernel build, e.g. MVN_ARGS=-o to build offline
#
# Steps: 1. Jupyter from Debian packages when apt-get is there and Jupyter is missing (elsewhere: prints the pip
# route and stops); 2. builds kernel/target/comma-kernel.jar (+ kernel/target/lib) when missing or older than the
# sources; 3. writes the kernel spec "comma-kit" (display name "Java (COMMA kit)"). See environment/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/kernel/target/comma-kernel.jar"
KERNELS_DIR=""
THREADS="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)"
DEBIAN_PACKAGES=(jupyter-nbconvert python3-nbclient jupyter-client jupyter-core)
UI=0
BROWSER=0

while [ $# -gt 0 ]; do
  case "$1" in
    --kernels-dir) KERNELS_DIR="${2:?--kernels-dir needs a folder}"; shift 2 ;;
    --threads) THREADS="${2:?--threads needs a number}"; shift 2 ;;
    --ui) UI=1; shift ;;
    --browser) BROWSER=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "[install.sh] $*"; }

# --- 1. Jupyter ------------------------------------------------------------------------------------------------
if [ -n "${COMMA_PYTHON:-}" ]; then
  PYTHON="$COMMA_PYTHON"
elif [ -x /usr/bin/python3 ]; then
  PYTHON=/usr/bin/python3   # Debian's Jupyter packages install for /usr/bin/python3, whatever python3 is first on PATH
else
  PYTHON=python3
fi
MODULES="'nbclient', 'nbconvert', 'nbformat', 'jupyter_client', 'jupyter_core'"
PIP_PACKAGES="nbclient nbconvert jupyter_client"
if [ "$UI" = 1 ]; then
  DEBIAN_PACKAGES+=(jupyter-notebook)
  MODULES="$MODULES, 'notebook'"
  PIP_PACKAGES="$PIP_PACKAGES notebook"
fi
has_jupyter() {   # finds the modules without importing them (importing nbconvert alone takes about a second)
  "$PYTHON" -c "import importlib.util as u, sys
sys.exit(any(u.find_spec(m) is None for m in ($MODULES)))" 2>/dev/null
}

if has_jupyter; then
  say "Jupyter: present for $PYTHON"
elif command -v apt-get >/dev/null 2>&1 && [ "$PYTHON" = /usr/bin/python3 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "Jupyter is missing and installing it needs root: run as root, or"\
" apt-get install --no-install-recommends ${DEBIAN_PACKAGES[*]}"; exit 1; }
    SUDO=sudo
  fi
  say "Jupyter: installing Debian packages (about 15 MB): apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES[*]}"
  if ! $SUDO apt-get install -y --no-install-recommends "${DEBIAN_PACKAGES[@]}"; then
    say "apt-get install failed; refreshing the package lists (apt-get update) and trying once more"
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends "${DEBIAN_PACKAGES[@]}"
  fi
  has_jupyter || { say "Jupyter still does not import for $PYTHON after apt-get; see environment/README.md"; exit 1; }
else
  if command -v apt-get >/dev/null 2>&1; then
    WHY="Debian's packages install Jupyter for /usr/bin/python3 only"
  else
    WHY="there is no apt-get here"
  fi
  cat >&2 <<EOF
[install.sh] Jupyter ($PIP_PACKAGES) is missing for $PYTHON and $WHY. Install it with pip:
    $PYTHON -m pip install --user $PIP_PACKAGES
(or in a virtual environment, then COMMA_PYTHON=/path/to/venv/bin/python environment/install.sh), and run this again.
EOF
  exit 1
fi

# --- 1b. The browser for the browser test (--browser) ------------------------------------------------------------
if [ "$BROWSER" = 1 ]; then
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "Browser: /usr/bin/chromium and /usr/bin/chromedriver present"
  elif ! command -v apt-get >/dev/null 2>&1; then
    say "Browser: no apt-get here, so no chromium + chromium-driver: the browser test (BrowserCourseTest) skips"
  else
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
    say "Browser: installing Debian packages: apt-get install -y --no-install-recommends chromium chromium-driver"
    if ! $SUDO apt-get install -y --no-install-recommends chromium chromium-driver; then
      say "apt-get install failed; refreshing the package lists (apt-get update) and trying once more"
      $SUDO apt-get update
      $SUDO apt-get install -y --no-install-recommends chromium chromium-driver
    fi
  fi
fi

# --- 2. The kernel ---------------------------------------------------------------------------------------------
require_java() {
  command -v java >/dev/null 2>&1 || { say "java is not on PATH: install a JDK 17 or newer"; exit 1; }
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
    say "java on PATH is version $major; the kit needs 17 or newer (the kernel spec records this java)"; exit 1
  fi
}
stale_sources() {
  find "$ROOT/pom.xml" "$ROOT/lib/pom.xml" "$ROOT/kernel/pom.xml" "$ROOT/lib/src/main" "$ROOT/kernel/src/main" \
    -newer "$JAR" -print -quit 2>/dev/null
}
if [ ! -f "$JAR" ] || [ -n "$(stale_sources)" ]; then
  require_java
  say "Kernel: building (./mvnw -B -q ${MVN_ARGS:-} -pl kernel -am package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -q ${MVN_ARGS:-} -pl kernel -am package -DskipTests)
  touch "$JAR"   # the jar is up to date even when Maven found nothing to repackage
else
  say "Kernel: $JAR is up to date"
fi

# --- 3. The kernel spec ----------------------------------------------------------------------------------------
if [ -z "$KERNELS_DIR" ]; then
  KERNELS_DIR="$("$PYTHON" -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())')/kernels"
fi
SPEC="$KERNELS_DIR/comma-kit/kernel.json"
if [ -f "$SPEC" ] && [ "$SPEC" -nt "$JAR" ] && grep -qF "\"$JAR\"" "$SPEC" \
    && grep -qF "num_threads=$THREADS\"" "$SPEC"; then
  say "Kernel spec: $SPEC is up to date"
else
  require_java
  say "Kernel spec: writing $SPEC ($THREADS libtorch threads)"
  java -cp "$JAR" org.commakit.kernel.KernelSpec --kernels-dir "$KERNELS_DIR" --threads "$THREADS" >/dev/null
fi
say "Ready: notebooks run with the kernel \"comma-kit\" (Java (COMMA kit)), e.g."
say "  $PYTHON -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=comma-kit notebooks/00_kernel_smoke.ipynb"
