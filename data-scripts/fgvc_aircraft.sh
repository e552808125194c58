#!/usr/bin/env bash
# FGVCAircraft into $COMMA_DATA/fgvc_aircraft/ (docs/data-protocol.md#data-scripts): the data/ folder of
# fgvc-aircraft-2013b.tar.gz (Oxford VGG, MD5 checked), renamed: images/<id>.jpg, variants.txt,
# images_variant_{train,val,test}.txt. No split file: the kit reads the official txt splits.
# Usage: data-scripts/fgvc_aircraft.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir fgvc_aircraft)"
if present "$dir/images" "$dir/variants.txt" "$dir/images_variant_test.txt"; then
  say "have     $dir/images and the split lists"
else
  fetch fgvc-aircraft-2013b.tar.gz d4acdd33327262359767eeaa97a4f732 \
    https://www.robots.ox.ac.uk/~vgg/data/fgvc-aircraft/archives/fgvc-aircraft-2013b.tar.gz
  extract fgvc-aircraft-2013b.tar.gz "$dir" fgvc-aircraft-2013b/data
fi
finish "$dir"
