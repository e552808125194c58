#!/usr/bin/env bash
# The full reproduction (ViT-B/16, the real datasets; docs/data-protocol.md#the-three-protocols) as a SLURM array: one shard of the job matrix per
# array task, one GPU each. Every job is idempotent and every training resumes from its last epoch, so a task that is
# preempted or hits its time limit is simply submitted again.
#
#   1. Once, on a login node (the array tasks must not build concurrently):
#        KIT_MAVEN_PROFILE=cuda ./kit reproduce --preset full --dry-run --shard 0/16 --out "$OUT"
#      builds the kit with the CUDA libtorch and prints shard 0's jobs with a time estimate (set --time from it).
#   2. sbatch environment/slurm_reproduce.sh                    (16 shards; SHARDS=... with --array=0-(SHARDS-1))
#   3. When all tasks are done, the tables and plots of everything:
#        ./kit reproduce --preset full --protocol all --out "$OUT"
#      (every job is done, so it only reads results.csv and writes tables/ and plots/; no GPU needed)
#
# Data and weights: data-scripts/all.sh and data-scripts/clip_weights.sh, then COMMA_DATA and COMMA_WEIGHTS below.
# The shards share one results folder: results.csv is appended under a file lock with an atomic rename, which needs a
# file system with working POSIX locks (local disk, Lustre/GPFS with flock, NFSv4). Without them give each task its
# own --out "$OUT/shard-$i", then concatenate the shards' results.csv (one header) into "$OUT/results.csv" for step 3.
#
#SBATCH --job-name=comma-reproduce
#SBATCH --array=0-15
#SBATCH --gres=gpu:1
#SBATCH --cpus-per-task=8
#SBATCH --mem=48G
#SBATCH --time=24:00:00
#SBATCH --output=logs/reproduce-%A_%a.out
set -euo pipefail

SHARDS="${SHARDS:-16}"                        # must match --array=0-(SHARDS-1)
OUT="${OUT:-$PWD/results/full}"               # shared by all tasks
export COMMA_DATA="${COMMA_DATA:-$HOME/data}"       # the datasets in the CoOp layout (data-scripts/)
export COMMA_WEIGHTS="${COMMA_WEIGHTS:-$HOME/.comma/weights}"  # ViT-B-16.pt (the vocabulary is bundled)
export KIT_MAVEN_PROFILE=cuda                 # the CUDA libtorch jar (built in step 1)
export KIT_THREADS="${SLURM_CPUS_PER_TASK:-8}"

cd "${SLURM_SUBMIT_DIR:-.}"
mkdir -p logs
echo "task ${SLURM_ARRAY_TASK_ID} of ${SHARDS} on $(hostname), results in ${OUT}"
./kit reproduce --preset full --protocol all --shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}" --out "${OUT}" --no-plots
