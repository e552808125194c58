#!/usr/bin/env bash
# ImageNet-R (renditions) into $COMMA_DATA/imagenet-rendition/ (docs/data-protocol.md#data-scripts):
#   imagenet-r/<wnid>/* (200 folders) and imagenet-r/README.txt   from imagenet-r.tar, MD5 checked
#                                                      (https://github.com/hendrycks/imagenet-r)
#   classnames.txt    ImageNet's (copied from $COMMA_DATA/imagenet when present, else from Google Drive)
# Usage: data-scripts/imagenet_r.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir imagenet-rendition)"
imagenet_classnames "$dir"
if present "$dir/imagenet-r"; then
  say "have     $dir/imagenet-r"
else
  fetch imagenet-r.tar a61312130a589d0ca1a8fca1f2bd3337 https://people.eecs.berkeley.edu/~hendrycks/imagenet-r.tar
  extract imagenet-r.tar "$dir"
fi
finish "$dir"
