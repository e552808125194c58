#!/usr/bin/env bash
# DTD (CoOp NAME DescribableTextures) into $COMMA_DATA/dtd/ (docs/data-protocol.md#data-scripts):
#   images/<texture>/*.jpg, imdb/, labels/   from dtd-r1.0.1.tar.gz (Oxford VGG), MD5 checked
#   split_zhou_DescribableTextures.json       CoOp's split (Google Drive)
# Usage: data-scripts/dtd.sh        Settings (COMMA_DATA, COMMA_MIRROR, ...): see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir dtd)"
split_file split_zhou_DescribableTextures.json 1u3_QfB467jqHgNXC00UIzbLZRQCg2S7x "$dir"
if present "$dir/images"; then
  say "have     $dir/images"
else
  fetch dtd-r1.0.1.tar.gz fff73e5086ae6bdbea199a49dfb8a4c1 \
    https://www.robots.ox.ac.uk/~vgg/data/dtd/download/dtd-r1.0.1.tar.gz
  extract dtd-r1.0.1.tar.gz "$dir" dtd
fi
finish "$dir"
