#!/usr/bin/env bash
# EuroSAT into $COMMA_DATA/eurosat/ (docs/data-protocol.md#data-scripts):
#   2750/<Class>/<Class>_N.jpg   from EuroSAT.zip (MD5 checked). madm.dfki.de's certificate has expired
#                                (phelber/EuroSAT #10, #13): the same file is fetched first from the copy torchvision
#                                uses (Hugging Face, torchgeo/eurosat), then from the original URL. The authors'
#                                Zenodo record 7711810 has EuroSAT_RGB.zip (same images under EuroSAT_RGB/): put it
#                                in the downloads folder or the mirror and it is used instead.
#   split_zhou_EuroSAT.json      CoOp's split (Google Drive)
# Usage: data-scripts/eurosat.sh        Settings: see data-scripts/lib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$(dataset_dir eurosat)"
split_file split_zhou_EuroSAT.json 1Ip7yaCWFi0eaOFUGga0lUdVi_DDQth1o "$dir"
if present "$dir/2750"; then
  say "have     $dir/2750"
elif available EuroSAT_RGB.zip && ! available EuroSAT.zip; then
  fetch EuroSAT_RGB.zip ""
  extract EuroSAT_RGB.zip "$dir/2750" EuroSAT_RGB
else
  fetch EuroSAT.zip c8fa014336c82ac7804f0398fcb19387 \
    https://huggingface.co/datasets/torchgeo/eurosat/resolve/c877bcd43f099cd0196738f714544e355477f3fd/EuroSAT.zip \
    http://madm.dfki.de/files/sentinel/EuroSAT.zip
  extract EuroSAT.zip "$dir"
fi
finish "$dir"
