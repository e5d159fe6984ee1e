#!/usr/bin/env python3
"""Mean Dice over classes, per cardiac phase: ACDC's frame01 volumes (end diastole) and the others (end systole).

Reads the volumes.csv that `cmems benchmark` writes per run (columns volume, class, dice); a volume's
figure is the mean of its classes' Dice (an empty prediction counts as 0), the phase's figure the mean
over its volumes.
  bench/dice-by-phase.py <run folder or volumes.csv> ...
"""
import argparse
import csv
import os
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", help="run folders (holding volumes.csv) or volumes.csv files")
    a = p.parse_args()
    for run in a.runs:
        path = os.path.join(run, "volumes.csv") if os.path.isdir(run) else run
        if not os.path.isfile(path):
            sys.exit("no volumes.csv at %s" % path)
        volumes = {}
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                dice = float(r["dice"]) if r["dice"] not in ("", "nan", "NaN") else 0.0
                volumes.setdefault(r["volume"], []).append(dice)
        per_volume = {v: sum(d) / len(d) for v, d in volumes.items()}
        phases = {"end diastole": [m for v, m in per_volume.items() if v.endswith("frame01")],
                  "end systole": [m for v, m in per_volume.items() if not v.endswith("frame01")]}
        cells = ["%s %.3f (%d volumes)" % (name, sum(ms) / len(ms), len(ms)) for name, ms in phases.items() if ms]
        print("%s: %s" % (path, ", ".join(cells)))


if __name__ == "__main__":
    main()
