#!/usr/bin/env python3
"""Mean Dice of one class for the smaller and the larger half of the volumes, by ground-truth size.

Reads the volumes.csv that `cmems benchmark` writes per run (columns volume, class, dice, truth_voxels)
and prints the volumes sorted by the class's ground-truth voxels, then the mean Dice of each half.
  bench/dice-by-size.py <run folder or volumes.csv> ... [--class LV]
"""
import argparse
import csv
import os
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="run folders (holding volumes.csv) or volumes.csv files")
    p.add_argument("--class", dest="cls", default="LV", help="class name as in volumes.csv (default LV)")
    a = p.parse_args()
    for run in a.runs:
        path = os.path.join(run, "volumes.csv") if os.path.isdir(run) else run
        if not os.path.isfile(path):
            sys.exit("no volumes.csv at %s" % path)
        with open(path, newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["class"] == a.cls]
        if len(rows) < 2:
            sys.exit("%s: %d volume(s) with class %r, need at least 2" % (path, len(rows), a.cls))
        rows.sort(key=lambda r: int(r["truth_voxels"]))
        half = len(rows) // 2
        small, large = rows[:half], rows[len(rows) - half:]
        mean = lambda rs: sum(float(r["dice"]) for r in rs) / len(rs)
        print("%s (%s, %d volumes, sorted by ground-truth voxels):" % (path, a.cls, len(rows)))
        for r in rows:
            print("  %-22s %7d voxels  Dice %.3f" % (r["volume"], int(r["truth_voxels"]), float(r["dice"])))
        print("  mean %s Dice of the %d smallest: %.3f; of the %d largest: %.3f" % (a.cls, half, mean(small), half, mean(large)))


if __name__ == "__main__":
    main()
