#!/usr/bin/env bash
# Checks a data root: per dataset, classes and split sizes against docs/data-protocol.md#sizes, missing images, and whether each
# split file agrees with the dataset's own class list (org.commakit.data.DataRootCheck, via ./kit data check).
# Usage: data-scripts/check.sh [dataRoot]      (default: $COMMA_DATA, else ~/.comma/data)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-${COMMA_DATA:-$HOME/.comma/data}}"
exec "$here/../kit" data check "$root"
