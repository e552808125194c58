#!/usr/bin/env bash
# Prepares every dataset of the papers under $COMMA_DATA, one data-script after the other; a dataset that fails (a
# manual step, a dead host) does not stop the others. Ends with the list of failures and data-scripts/check.sh.
# Usage: data-scripts/all.sh [dataset-script ...]   e.g. data-scripts/all.sh eurosat dtd   (default: all 15)
# Settings: see data-scripts/lib.sh. ImageNet comes first: the four variants copy its classnames.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all=(imagenet caltech101 oxford_pets stanford_cars oxford_flowers food101 fgvc_aircraft sun397 dtd eurosat ucf101
  imagenetv2 imagenet_sketch imagenet_a imagenet_r)
todo=("$@")
[[ ${#todo[@]} -gt 0 ]] || todo=("${all[@]}")
failed=()
for name in "${todo[@]}"; do
  name="${name%.sh}"
  [[ -f "$here/$name.sh" ]] || { echo "[all.sh] error: no data-script $name.sh; known: ${all[*]}" >&2; exit 2; }
  echo "[all.sh] === $name ===" >&2
  bash "$here/$name.sh" || failed+=("$name")
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "[all.sh] not prepared (see the messages above, then run data-scripts/<name>.sh again): ${failed[*]}" >&2
fi
bash "$here/check.sh" || true
[[ ${#failed[@]} -eq 0 ]]
