#!/usr/bin/env bash
# UCF101 into $COMMA_DATA/ucf101/ (docs/data-protocol.md#data-scripts):
#   UCF-101-midframes/<Renamed_Action>/v_*.jpg   the middle frame of each video, CoOp's UCF-101-midframes.zip
#                                                (Google Drive only)
#   split_zhou_UCF101.json                       CoOp's split (Google Drive)
# Usage: data-scripts/ucf101.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir ucf101)"
split_file split_zhou_UCF101.json 1I0S0q91hJfsV9Gf4xDIjgDq4AqBNJb1y "$dir"
if present "$dir/UCF-101-midframes"; then
  say "have     $dir/UCF-101-midframes"
else
  fetch_gdrive UCF-101-midframes.zip 10Jqome3vtUA2keJkNanAiFpgbyC9Hc2O
  extract UCF-101-midframes.zip "$dir"
fi
finish "$dir"
