#!/usr/bin/env bash
# Flowers102 (CoOp NAME OxfordFlowers) into $COMMA_DATA/oxford_flowers/ (docs/data-protocol.md#data-scripts):
#   jpg/image_NNNNN.jpg   from 102flowers.tgz (Oxford VGG), MD5 checked
#   imagelabels.mat       MD5 checked
#   cat_to_name.json, split_zhou_OxfordFlowers.json   CoOp's files (Google Drive)
# Usage: data-scripts/oxford_flowers.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir oxford_flowers)"
split_file split_zhou_OxfordFlowers.json 1Pp0sRXzZFZq15zVOzKjKBu4A9i01nozT "$dir"
split_file cat_to_name.json 1AkcxCXeK_RCGCEC_GvmWxjcjaNhu-at0 "$dir"
if present "$dir/jpg"; then
  say "have     $dir/jpg"
else
  fetch 102flowers.tgz 52808999861908f626f3c1f4e79d11fa https://www.robots.ox.ac.uk/~vgg/data/flowers/102/102flowers.tgz
  extract 102flowers.tgz "$dir"
fi
if present "$dir/imagelabels.mat"; then
  say "have     $dir/imagelabels.mat"
else
  fetch imagelabels.mat e0620be6f572b9609742df49c70aed4d https://www.robots.ox.ac.uk/~vgg/data/flowers/102/imagelabels.mat
  install_file imagelabels.mat "$dir/imagelabels.mat"
fi
finish "$dir"
