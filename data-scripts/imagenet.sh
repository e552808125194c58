#!/usr/bin/env bash
# ImageNet (ILSVRC-2012) into $COMMA_DATA/imagenet/ (docs/data-protocol.md#data-scripts):
#   images/train/<wnid>/*.JPEG   from ILSVRC2012_img_train.tar (a tar of 1000 per-class tars), MD5 checked
#   images/val/<wnid>/*.JPEG     from ILSVRC2012_img_val.tar (MD5 checked), sorted into the 1000 wnid folders
#   classnames.txt               CoOp's "wnid name" list (Google Drive)
# ImageNet needs an account, so the two archives are never downloaded: put them in the downloads folder (or the
# mirror). Sorting val needs the label of each val image, from one of (first found in the downloads folder/mirror):
#   LOC_val_solution.csv          Kaggle's "ImageNet Object Localization Challenge" file (ImageId,PredictionString)
#   imagenet_val_wnids.txt        your own lines "ILSVRC2012_val_00000001.JPEG n01751748"
#   ILSVRC2012_devkit_t12.tar.gz  the official devkit (MD5 checked); needs python3 with scipy to read meta.mat
# Usage: data-scripts/imagenet.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir imagenet)"
MANUAL_HINT="ImageNet needs an account: log in at https://image-net.org/download-images.php and download the ILSVRC 2012 archives ILSVRC2012_img_train.tar (138 GB) and ILSVRC2012_img_val.tar (6.3 GB)."
split_file classnames.txt 1-61f_ol79pViBFDG_IDlUQSwoLcn2XXF "$dir"

if present "$dir/images/train"; then
  say "have     $dir/images/train"
else
  fetch ILSVRC2012_img_train.tar 1d675b47d978889d74fa0da5fadfb00e
  tars="$dir/images/.train-tars"
  new="$dir/images/.train-new"
  rm -rf "$tars"
  mkdir -p "$tars" "$new"
  say "extract  ILSVRC2012_img_train.tar (1000 class tars, one at a time)"
  tar -xf "$COMMA_DOWNLOADS/ILSVRC2012_img_train.tar" -C "$tars"
  shopt -s nullglob
  for t in "$tars"/*.tar; do
    wnid="$(basename "$t" .tar)"
    mkdir -p "$new/$wnid"
    tar -xf "$t" -C "$new/$wnid"
    rm -f "$t"
  done
  shopt -u nullglob
  rm -rf "$tars"
  mv "$new" "$dir/images/train"
fi

# val_map OUT: "file wnid" lines for the 50,000 val images, from the first source available.
val_map() {
  local out="$1"
  if available LOC_val_solution.csv; then
    fetch LOC_val_solution.csv ""
    # ImageId,PredictionString ("n01751748 x y x y ..."): the image's class is the first wnid
    tail -n +2 "$COMMA_DOWNLOADS/LOC_val_solution.csv" | tr -d '\r' |
      awk -F, 'NF >= 2 { split($2, p, " "); print $1 ".JPEG " p[1] }' >"$out"
  elif available imagenet_val_wnids.txt; then
    fetch imagenet_val_wnids.txt ""
    tr -d '\r' <"$COMMA_DOWNLOADS/imagenet_val_wnids.txt" >"$out"
  elif available ILSVRC2012_devkit_t12.tar.gz; then
    fetch ILSVRC2012_devkit_t12.tar.gz fa75699e90414af021442c21a62c3abf
    if ! python3 -c "import scipy.io" 2>/dev/null; then
      die "reading the devkit's meta.mat needs python3 with scipy (pip install scipy); or provide LOC_val_solution.csv"
    fi
    local devkit="$COMMA_DOWNLOADS/.devkit-$$"
    mkdir -p "$devkit"
    tar -xzf "$COMMA_DOWNLOADS/ILSVRC2012_devkit_t12.tar.gz" -C "$devkit"
    python3 - "$devkit/ILSVRC2012_devkit_t12/data" "$out" <<'PY'
import sys, scipy.io
data, out = sys.argv[1], sys.argv[2]
synsets = scipy.io.loadmat(data + "/meta.mat", squeeze_me=True)["synsets"]
wnid = {int(s[0]): str(s[1]) for s in synsets}  # ILSVRC2012_ID -> WNID
with open(data + "/ILSVRC2012_validation_ground_truth.txt") as f, open(out, "w") as o:
    for i, line in enumerate(f, 1):
        o.write("ILSVRC2012_val_%08d.JPEG %s\n" % (i, wnid[int(line)]))
PY
    rm -rf "$devkit"
  else
    die "sorting ImageNet val into wnid folders needs the val labels: put LOC_val_solution.csv (Kaggle), imagenet_val_wnids.txt (lines \"<file> <wnid>\") or ILSVRC2012_devkit_t12.tar.gz in $COMMA_DOWNLOADS${COMMA_MIRROR:+ or $COMMA_MIRROR}, then run $SCRIPT_NAME again."
  fi
}

if present "$dir/images/val"; then
  say "have     $dir/images/val"
else
  fetch ILSVRC2012_img_val.tar 29b22e2961454d5413ddabcf34fc5622
  new="$dir/images/.val-new"
  rm -rf "$new"
  mkdir -p "$new"
  val_map "$dir/images/.val-map"
  tar -xf "$COMMA_DOWNLOADS/ILSVRC2012_img_val.tar" -C "$new"
  while read -r file wnid; do
    [[ -z "$file" ]] && continue
    [[ -f "$new/$file" ]] || die "the val labels name $file, which ILSVRC2012_img_val.tar does not have"
    mkdir -p "$new/$wnid"
    mv "$new/$file" "$new/$wnid/$file"
  done <"$dir/images/.val-map"
  left="$(find "$new" -maxdepth 1 -type f | head -n 1)"
  [[ -z "$left" ]] || die "the val labels do not cover every val image (e.g. $(basename "$left")); check the labels file"
  rm -f "$dir/images/.val-map"
  mv "$new" "$dir/images/val"
fi
finish "$dir"
