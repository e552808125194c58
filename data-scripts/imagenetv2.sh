#!/usr/bin/env bash
# ImageNetV2 (matched frequency) into $COMMA_DATA/imagenetv2/ (docs/data-protocol.md#data-scripts):
#   imagenetv2-matched-frequency-format-val/{0..999}/*   from imagenetv2-matched-frequency.tar.gz (the S3 URL of
#                                                        DATASETS.md, then the authors' Hugging Face copy; no
#                                                        published checksum)
#   classnames.txt    ImageNet's (copied from $COMMA_DATA/imagenet when present, else from Google Drive)
# Usage: data-scripts/imagenetv2.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir imagenetv2)"
imagenet_classnames "$dir"
if present "$dir/imagenetv2-matched-frequency-format-val"; then
  say "have     $dir/imagenetv2-matched-frequency-format-val"
else
  fetch imagenetv2-matched-frequency.tar.gz "" \
    https://s3-us-west-2.amazonaws.com/imagenetv2public/imagenetv2-matched-frequency.tar.gz \
    https://huggingface.co/datasets/vaishaal/ImageNetV2/resolve/main/imagenetv2-matched-frequency.tar.gz
  extract imagenetv2-matched-frequency.tar.gz "$dir"
fi
finish "$dir"
