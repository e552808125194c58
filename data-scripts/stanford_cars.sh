#!/usr/bin/env bash
# StanfordCars into $COMMA_DATA/stanford_cars/ (docs/data-protocol.md#data-scripts):
#   cars_train/, cars_test/   from cars_train.tgz, cars_test.tgz     (MD5 checked)
#   devkit/                   from car_devkit.tgz                    (MD5 checked)
#   cars_test_annos_withlabels.mat                                   (MD5 checked)
#   split_zhou_StanfordCars.json   CoOp's split (Google Drive)
# ai.stanford.edu/~jkrause has been offline since 2023 (CoOp issue #61, tensorflow/datasets #4932): the original URLs
# are still tried, the devkit also from the copy attached to torchvision issue #7545. Re-hosts (e.g. Kaggle) often
# rename the images; CoOp's split needs the original cars_train/NNNNN.jpg and cars_test/NNNNN.jpg names, which the
# MD5 checks guarantee.
# Usage: data-scripts/stanford_cars.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir stanford_cars)"
MANUAL_HINT="The Stanford host is offline: find the original release (cars_train.tgz, cars_test.tgz, car_devkit.tgz, cars_test_annos_withlabels.mat, with these names and checksums)."
split_file split_zhou_StanfordCars.json 1ObCFbaAgVu0I-k_Au-gIUcefirdAuizT "$dir"
for part in train test; do
  if present "$dir/cars_$part"; then
    say "have     $dir/cars_$part"
  else
    sum=065e5b463ae28d29e77c1b4b166cfe61
    [[ "$part" == test ]] && sum=4ce7ebf6a94d07f1952d94dd34c4d501
    fetch "cars_$part.tgz" "$sum" "http://ai.stanford.edu/~jkrause/car196/cars_$part.tgz"
    extract "cars_$part.tgz" "$dir"
  fi
done
if present "$dir/devkit"; then
  say "have     $dir/devkit"
else
  fetch car_devkit.tgz c3b158d763b6e2245038c8ad08e45376 https://ai.stanford.edu/~jkrause/cars/car_devkit.tgz \
    https://github.com/pytorch/vision/files/11644847/car_devkit.tgz
  extract car_devkit.tgz "$dir"
fi
if present "$dir/cars_test_annos_withlabels.mat"; then
  say "have     $dir/cars_test_annos_withlabels.mat"
else
  fetch cars_test_annos_withlabels.mat b0a2b23655a3edd16d84508592a98d10 \
    http://ai.stanford.edu/~jkrause/car196/cars_test_annos_withlabels.mat
  install_file cars_test_annos_withlabels.mat "$dir/cars_test_annos_withlabels.mat"
fi
finish "$dir"
