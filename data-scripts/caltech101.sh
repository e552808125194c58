#!/usr/bin/env bash
# Caltech101 into $COMMA_DATA/caltech-101/ (docs/data-protocol.md#data-scripts):
#   101_ObjectCategories/<category>/image_NNNN.jpg   from CaltechDATA's caltech-101.zip (MD5 checked), which holds
#                                                    101_ObjectCategories.tar.gz; the old vision.caltech.edu URL is
#                                                    dead (torchvision PR #9205). An old 101_ObjectCategories.tar.gz
#                                                    in the downloads folder or the mirror is used instead when present.
#   split_zhou_Caltech101.json                       CoOp's split (Google Drive)
# Usage: data-scripts/caltech101.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir caltech-101)"
split_file split_zhou_Caltech101.json 1hyarUivQE36mY6jSomru6Fjd-JzwcCzN "$dir"
if present "$dir/101_ObjectCategories"; then
  say "have     $dir/101_ObjectCategories"
else
  if available 101_ObjectCategories.tar.gz; then
    fetch 101_ObjectCategories.tar.gz ""
  else
    fetch caltech-101.zip 3138e1922a9193bfa496528edbbc45d0 \
      "https://data.caltech.edu/records/mzrjq-6wc02/files/caltech-101.zip?download=1"
    extract caltech-101.zip "$COMMA_DOWNLOADS/caltech-101-zip" caltech-101
    mv "$COMMA_DOWNLOADS/caltech-101-zip/101_ObjectCategories.tar.gz" "$COMMA_DOWNLOADS/"
    rm -rf "$COMMA_DOWNLOADS/caltech-101-zip"
  fi
  extract 101_ObjectCategories.tar.gz "$dir"
fi
finish "$dir"
