"""The work of `./kit bench pipeline` done by Pillow + torchvision as the reference code does it (docs/image-decoding.md):
a torch DataLoader with N worker processes over JPEG files, each item Image.open(path).convert("RGB") then CLIP's train
transform (RandomResizedCrop(size, BICUBIC), RandomHorizontalFlip, ToTensor, Normalize) or test transform (Resize(size,
BICUBIC), CenterCrop(size), ToTensor, Normalize), batches collated to [B, 3, size, size].

Usage: python3 pillow_pipeline.py DIR SIZE BATCH EPOCHS THREADS[,THREADS...]
Prints one line per transform and worker count: "pillow <train|test> <workers> <images/s> <images per CPU-second>",
the best epoch of EPOCHS after one warm-up. CPU time is that of the main process and its workers (utime + stime from
/proc/<pid>/stat), so the rate per CPU-second does not depend on how busy the machine is.
"""
import os
import sys
import time

import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms as T

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)
TICK = os.sysconf("SC_CLK_TCK")


class Files(Dataset):
    def __init__(self, files, transform):
        self.files = files
        self.transform = transform

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return self.transform(Image.open(self.files[i]).convert("RGB")), i % 10


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def main(folder, size, batch, epochs, threads):
    torch.set_num_threads(1)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".jpg"))
    bicubic = T.InterpolationMode.BICUBIC
    train = T.Compose([T.RandomResizedCrop(size, interpolation=bicubic), T.RandomHorizontalFlip(), T.ToTensor(),
                       T.Normalize(MEAN, STD)])
    test = T.Compose([T.Resize(size, interpolation=bicubic), T.CenterCrop(size), T.ToTensor(), T.Normalize(MEAN, STD)])
    for name, transform in (("train", train), ("test", test)):
        for n in threads:
            loader = DataLoader(Files(files, transform), batch_size=batch, shuffle=name == "train", num_workers=n,
                                drop_last=name == "train" and len(files) >= batch, persistent_workers=True)
            best_wall = 0.0
            best_cpu = 0.0
            for epoch in range(epochs + 1):  # epoch 0 starts the workers and warms up
                it = iter(loader)
                pids = [os.getpid()] + [w.pid for w in it._workers]
                start, cpu0 = time.perf_counter(), cpu_seconds(pids)
                images = 0
                for x, _ in it:
                    images += x.shape[0]
                wall, cpu = time.perf_counter() - start, cpu_seconds(pids) - cpu0
                if epoch > 0:
                    best_wall = max(best_wall, images / wall)
                    best_cpu = max(best_cpu, images / cpu if cpu > 0 else 0.0)
            del it, loader
            print("pillow %s %d %.1f %.1f" % (name, n, best_wall, best_cpu), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), [int(t) for t in sys.argv[5].split(",")])
