#!/usr/bin/env python3
"""Mean Dice per exemplar, method and seed from `cmems benchmark` runs, and paired differences per seed.

Reads every summary.json below the folders given (or the files given). Runs are grouped by exemplar and
method, one column per seed. All runs must share one budget: every setting except the seed, the method
and the method's switches (`cmems`) must be equal, otherwise the script names the setting and stops,
so that runs of another learning rate or image size cannot slip into a table. With --base M, a second
table gives, for every other method of the same exemplar, M's mean Dice minus that method's, per seed
where both ran (a paired difference: same seed, same data), their mean, and on how many seeds M is ahead.
  bench/seeds-table.py [--base cmems] <run folder or summary.json> ...
"""
import json
import os
import statistics
import sys


def summaries(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        if not os.path.isdir(path):
            sys.exit("not a file or folder: " + path)
        for folder, _, files in os.walk(path):
            if "summary.json" in files:
                yield os.path.join(folder, "summary.json")


def budget(settings):
    return {k: v for k, v in settings.items() if k not in ("seed", "method", "cmems")}


def load(paths):
    runs, reference = {}, None
    for path in summaries(paths):
        with open(path) as f:
            summary = json.load(f)
        settings = summary["settings"]
        key = (summary["exemplar"], summary["method"], settings["seed"])
        if key in runs:
            sys.exit("two runs of %s %s seed %d: %s and %s" % (key + (runs[key][1], path)))
        b = budget(settings)
        if reference is None:
            reference = (b, path)
        else:
            for name in sorted(set(b) | set(reference[0])):
                if b.get(name) != reference[0].get(name):
                    sys.exit("setting '%s' differs: %s in %s, %s in %s" % (name, json.dumps(reference[0].get(name)), reference[1],
                                                                            json.dumps(b.get(name)), path))
        runs[key] = (summary["mean_dice"], path)
    if not runs:
        sys.exit("no summary.json found in " + " ".join(paths))
    return runs, reference[0]


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        sys.exit(__doc__.strip())
    base = None
    if args[0] == "--base":
        if len(args) < 3:
            sys.exit(__doc__.strip())
        base, args = args[1], args[2:]
    runs, common = load(args)
    seeds = sorted({s for (_, _, s) in runs})
    groups = sorted({(e, m) for (e, m, _) in runs})
    print("Budget: %d iterations at %dx%d, lr %s (every run; the seed, method and method switches vary)\n"
          % (common["iterations"], common["imageSize"], common["imageSize"], common["learningRate"]))
    print("| exemplar | method | " + " | ".join("seed %d" % s for s in seeds) + " | mean | std over seeds |")
    print("|---|---|" + "---|" * len(seeds) + "---|---|")
    for e, m in groups:
        values = [runs[(e, m, s)][0] for s in seeds if (e, m, s) in runs]
        cells = ["%.3f" % runs[(e, m, s)][0] if (e, m, s) in runs else "–" for s in seeds]
        spread = "%.3f" % statistics.stdev(values) if len(values) > 1 else "–"
        print("| %s | %s | %s | **%.3f** | %s |" % (e, m, " | ".join(cells), statistics.mean(values), spread))
    if base is None:
        return
    print("\nPaired differences, %s minus the method, in mean-Dice points (100 x), per seed where both ran:\n" % base)
    print("| exemplar | %s minus | " % base + " | ".join("seed %d" % s for s in seeds) + " | mean | seeds ahead |")
    print("|---|---|" + "---|" * len(seeds) + "---|---|")
    for e, m in groups:
        if m == base or not any((e, base, s) in runs for s in seeds):
            continue
        diffs = {s: 100 * (runs[(e, base, s)][0] - runs[(e, m, s)][0]) for s in seeds if (e, base, s) in runs and (e, m, s) in runs}
        if not diffs:
            continue
        cells = ["%+.1f" % diffs[s] if s in diffs else "–" for s in seeds]
        ahead = sum(1 for d in diffs.values() if d > 0)
        print("| %s | %s | %s | **%+.1f** | %d of %d |" % (e, m, " | ".join(cells), statistics.mean(diffs.values()), ahead, len(diffs)))


if __name__ == "__main__":
    main()
