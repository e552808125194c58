#!/usr/bin/env bash
# Food101 into $COMMA_DATA/food-101/ (docs/data-protocol.md#data-scripts):
#   images/<class>/<id>.jpg, meta/, README.txt, license_agreement.txt   from food-101.tar.gz (ETH Zurich), MD5 checked
#   split_zhou_Food101.json   CoOp's split (Google Drive)
# Usage: data-scripts/food101.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir food-101)"
split_file split_zhou_Food101.json 1QK0tGi096I0Ba6kggatX1ee6dJFIcEJl "$dir"
if present "$dir/images"; then
  say "have     $dir/images"
else
  fetch food-101.tar.gz 85eeb15f3717b99a5da872d97d918f87 http://data.vision.ee.ethz.ch/cvl/food-101.tar.gz
  extract food-101.tar.gz "$dir" food-101
fi
finish "$dir"
