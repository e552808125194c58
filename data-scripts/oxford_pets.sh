#!/usr/bin/env bash
# OxfordPets into $COMMA_DATA/oxford_pets/ (docs/data-protocol.md#data-scripts):
#   images/*.jpg     from images.tar.gz (Oxford VGG), MD5 checked
#   annotations/     from annotations.tar.gz, MD5 checked
#   split_zhou_OxfordPets.json   CoOp's split (Google Drive)
# Usage: data-scripts/oxford_pets.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir oxford_pets)"
split_file split_zhou_OxfordPets.json 1501r8Ber4nNKvmlFVQZ8SeUHTcdTTEqs "$dir"
if present "$dir/images"; then
  say "have     $dir/images"
else
  fetch images.tar.gz 5c4f3ee8e5d25df40f4fd59a7f44e54c https://www.robots.ox.ac.uk/~vgg/data/pets/data/images.tar.gz
  extract images.tar.gz "$dir"
fi
if present "$dir/annotations"; then
  say "have     $dir/annotations"
else
  fetch annotations.tar.gz 95a8c909bbe2e81eed6a22bccdf3f68f \
    https://www.robots.ox.ac.uk/~vgg/data/pets/data/annotations.tar.gz
  extract annotations.tar.gz "$dir"
fi
finish "$dir"
