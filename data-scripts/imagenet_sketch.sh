#!/usr/bin/env bash
# ImageNet-Sketch into $COMMA_DATA/imagenet-sketch/ (docs/data-protocol.md#data-scripts):
#   images/<wnid>/*   the sketch/ folder of ImageNet-Sketch.zip (HaohanWang/ImageNet-Sketch): from the Hugging Face
#                     copy, else the authors' Google Drive file; no published checksum
#   classnames.txt    ImageNet's (copied from $COMMA_DATA/imagenet when present, else from Google Drive)
# Usage: data-scripts/imagenet_sketch.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir imagenet-sketch)"
imagenet_classnames "$dir"
if present "$dir/images"; then
  say "have     $dir/images"
else
  FETCH_SOFT=1 fetch ImageNet-Sketch.zip "" \
    https://huggingface.co/datasets/songweig/imagenet_sketch/resolve/main/data/ImageNet-Sketch.zip ||
    fetch_gdrive ImageNet-Sketch.zip 1Mj0i5HBthqH1p_yeXzsg22gZduvgoNeA
  extract ImageNet-Sketch.zip "$dir/images" sketch
fi
finish "$dir"
