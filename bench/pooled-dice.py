#!/usr/bin/env python3
"""Pooled Dice per class over all rows of a volumes.csv: 2 sum|P∩G| / sum(|P|+|G|).

The benchmark's mean Dice averages per-volume figures. On single slices many rows have a class in
neither prediction nor truth (Dice 1 by convention) or in only one of them (Dice 0), and the mean
over rows says more about those conventions than about the segmentation; pooling the voxels does not
depend on them. Reads the columns class, dice, predicted_voxels and truth_voxels that `cmems
benchmark` and `cmems ceiling` write.
  bench/pooled-dice.py <run folder or volumes.csv> ...
"""
import csv
import os
import sys


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__.strip())
    for run in sys.argv[1:]:
        path = os.path.join(run, "volumes.csv") if os.path.isdir(run) else run
        if not os.path.isfile(path):
            sys.exit("no volumes.csv at %s" % path)
        sums = {}
        rows = 0
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                p, g, dice = int(r["predicted_voxels"]), int(r["truth_voxels"]), float(r["dice"])
                s = sums.setdefault(r["class"], [0.0, 0, 0, 0])
                s[0] += dice * (p + g) / 2  # |P∩G|, recovered from Dice and the two counts
                s[1] += p + g
                s[2] += p
                s[3] += g
                rows += 1
        if not sums:
            sys.exit("%s: no rows" % path)
        parts = []
        for c, (inter, both, pred, truth) in sums.items():
            parts.append("%s %.3f (predicted/true voxels %.2f)" % (c, 2 * inter / both if both else float("nan"),
                                                                   pred / truth if truth else float("nan")))
        dices = [2 * s[0] / s[1] for s in sums.values() if s[1]]
        print("%s: %d rows; pooled Dice %s; mean %.3f" % (path, rows, ", ".join(parts), sum(dices) / len(dices)))


if __name__ == "__main__":
    main()
