#!/usr/bin/env bash
# ImageNet-A (natural adversarial examples) into $COMMA_DATA/imagenet-adversarial/ (docs/data-protocol.md#data-scripts):
#   imagenet-a/<wnid>/* (200 folders) and imagenet-a/README.txt   from imagenet-a.tar, MD5 checked
#                                                      (https://github.com/hendrycks/natural-adv-examples)
#   classnames.txt    ImageNet's (copied from $COMMA_DATA/imagenet when present, else from Google Drive)
# Usage: data-scripts/imagenet_a.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir imagenet-adversarial)"
imagenet_classnames "$dir"
if present "$dir/imagenet-a"; then
  say "have     $dir/imagenet-a"
else
  fetch imagenet-a.tar c3e55429088dc681f30d81f4726b6595 https://people.eecs.berkeley.edu/~hendrycks/imagenet-a.tar
  extract imagenet-a.tar "$dir"
fi
finish "$dir"
