#!/usr/bin/env bash
# SUN397 into $COMMA_DATA/sun397/ (docs/data-protocol.md#data-scripts):
#   SUN397/<letter>/<category>[/<sub>]/*.jpg   from SUN397.tar.gz
#   ClassName.txt, Training_01.txt, ...        from Partitions.zip
#   split_zhou_SUN397.json                     CoOp's split (Google Drive)
# The princeton.edu links return 404 (CoOp issue #90, torchvision #9348); they are still tried, and a copy of the
# original archives in the downloads folder or COMMA_MIRROR is used. No checksum is published for them.
# Usage: data-scripts/sun397.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir sun397)"
MANUAL_HINT="The Princeton host no longer serves SUN397: find a copy of the original SUN397.tar.gz and Partitions.zip (class folders SUN397/a/abbey/...; a train/test re-split such as Kaggle's does not fit CoOp's split file)."
split_file split_zhou_SUN397.json 1y2RD81BYuiyvebdN-JymPfyWYcd8_MUq "$dir"
if present "$dir/ClassName.txt"; then
  say "have     $dir/ClassName.txt"
else
  fetch Partitions.zip "" https://vision.princeton.edu/projects/2010/SUN/download/Partitions.zip
  extract Partitions.zip "$dir" "Partitions?"
fi
if present "$dir/SUN397"; then
  say "have     $dir/SUN397"
else
  fetch SUN397.tar.gz "" http://vision.princeton.edu/projects/2010/SUN/SUN397.tar.gz
  extract SUN397.tar.gz "$dir"
fi
finish "$dir"
