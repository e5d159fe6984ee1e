#!/usr/bin/env python3
"""Assembles the files of the CMEMS Fiji update site from the Maven build.

    update-site/assemble.py [--no-build] [--natives same|separate] [--platforms linux64,linux-arm64,win64,macos-arm64]

Writes update-site/target/CMEMS/Fiji.app/ (what the "CMEMS" update site holds):
  jars/CMEMS_Segmentation-<version>.jar   the plugin (its plugins.config is not read in jars/, by design)
  jars/<library>.jar                       runtime dependencies that Fiji does not ship
  jars/<platform>/pytorch-native-*.jar     PyTorch's CPU natives, installed by the updater on that platform only
  macros/CMEMS_*.ijm                       the example macros
With --natives separate the natives go to update-site/target/CMEMS-PyTorch-CPU/Fiji.app/ instead, a
second, optional update site (for users who point DJL at a CUDA libtorch of their own).

Also writes update-site/target/ImageJ/plugins/ for plain ImageJ 1.x (no Fiji): the menu-entries jar
CMEMS_Segmentation-<version>-ij1.jar (plugins.config only) and, in plugins/jars/, the main jar with
every runtime dependency but ImageJ itself (plain ImageJ has no SciJava, imglib2 ...).

What Fiji ships is judged offline from pom-scijava (the parent POM): every artifact it manages is
taken as part of Fiji and not bundled; everything else is. The decisions are written to
update-site/target/bundle-report.md.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
TARGET = os.path.join(HERE, "target")
NS = {"m": "http://maven.apache.org/POM/4.0.0"}
# Fiji's platform folders (imagej-updater's Platforms: jars/<platform>/ is installed on that platform
# only) -> the classifiers of DJL's PyTorch CPU natives. PyTorch 2.7 has no Intel-Mac build, so there is
# no macos64; "macosx" is the updater's group for every Mac and would send Apple-silicon natives to Intel Macs.
PLATFORMS = {"linux64": "linux-x86_64", "linux-arm64": "linux-aarch64", "win64": "win-x86_64", "macos-arm64": "osx-aarch64"}


def mvn(*args):
    command = ["mvn", "-B", "-q", "-Dstyle.color=never", "-f", os.path.join(PROJECT, "pom.xml")] + list(args)
    print("+ " + " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True)


def project_info():
    root = ET.parse(os.path.join(PROJECT, "pom.xml")).getroot()
    text = lambda path: root.find(path, NS).text.strip()
    props = {e.tag.split("}")[1]: (e.text or "").strip() for e in root.find("m:properties", NS)}
    return {"artifactId": text("m:artifactId"), "version": text("m:version"), "parentVersion": text("m:parent/m:version"), "properties": props}


def managed_by_pom_scijava(version):
    """groupId:artifactId -> version of everything pom-scijava manages (from the local Maven repository)."""
    pom = os.path.expanduser("~/.m2/repository/org/scijava/pom-scijava/%s/pom-scijava-%s.pom" % (version, version))
    if not os.path.isfile(pom):
        sys.exit("pom-scijava %s not in the local Maven repository (%s); run 'mvn -B validate' once" % (version, pom))
    root = ET.parse(pom).getroot()
    props = {e.tag.split("}")[1]: (e.text or "").strip() for e in root.find("m:properties", NS)}

    def resolve(value, depth=0):
        m = re.fullmatch(r"\$\{([^}]+)\}", value or "")
        return resolve(props.get(m.group(1), value), depth + 1) if m and depth < 10 else value

    managed = {}
    for d in root.findall("m:dependencyManagement/m:dependencies/m:dependency", NS):
        g, a = d.find("m:groupId", NS).text.strip(), d.find("m:artifactId", NS).text.strip()
        v = d.find("m:version", NS)
        managed[g + ":" + a] = resolve(v.text.strip()) if v is not None else "?"
    return managed


def runtime_dependencies():
    listing = os.path.join(TARGET, "runtime-dependencies.txt")
    mvn("dependency:list", "-DincludeScope=runtime", "-DoutputAbsoluteArtifactFilename=true", "-DoutputFile=" + listing)
    deps = []
    for line in open(listing, encoding="utf-8"):
        line = line.split(" -- ")[0].strip()  # newer plugins append " -- module name"
        parts = line.split(":")
        if len(parts) < 6 or not line.endswith(".jar"):
            continue
        # group:artifact:type[:classifier]:version:scope:path (the path may hold ':' on Windows)
        if len(parts) >= 7 and parts[3] not in ("compile", "runtime") and parts[5] in ("compile", "runtime"):
            g, a, _, classifier, v, scope = parts[:6]
            path = ":".join(parts[6:])
        else:
            g, a, _, v, scope = parts[:5]
            classifier, path = "", ":".join(parts[5:])
        deps.append({"group": g, "artifact": a, "classifier": classifier, "version": v, "path": path})
    return deps


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true", help="use the jar already in target/")
    parser.add_argument("--natives", choices=["same", "separate"], default="same")
    parser.add_argument("--platforms", default="linux64", help="comma-separated: " + ", ".join(PLATFORMS))
    args = parser.parse_args()

    info = project_info()
    os.makedirs(TARGET, exist_ok=True)
    if not args.no_build:
        mvn("-DskipTests", "package")
    plugin_jar = os.path.join(PROJECT, "target", "%s-%s.jar" % (info["artifactId"], info["version"]))
    menu_jar = os.path.join(PROJECT, "target", "%s-%s-ij1.jar" % (info["artifactId"], info["version"]))
    for jar in (plugin_jar, menu_jar):
        if not os.path.isfile(jar):
            sys.exit("no jar " + jar + "; build first (mvn -DskipTests package)")

    site = os.path.join(TARGET, "CMEMS", "Fiji.app")
    natives_site = site if args.natives == "same" else os.path.join(TARGET, "CMEMS-PyTorch-CPU", "Fiji.app")
    imagej_plugins = os.path.join(TARGET, "ImageJ", "plugins")
    for d in {os.path.dirname(site), os.path.dirname(natives_site), os.path.dirname(imagej_plugins)}:
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(imagej_plugins, "jars"))
    shutil.copy2(menu_jar, imagej_plugins)
    shutil.copy2(plugin_jar, os.path.join(imagej_plugins, "jars"))
    jars = os.path.join(site, "jars")
    os.makedirs(jars)
    shutil.copy2(plugin_jar, jars)

    managed = managed_by_pom_scijava(info["parentVersion"])
    rows, djl_native_version = [], None
    for d in runtime_dependencies():
        key = d["group"] + ":" + d["artifact"]
        name = os.path.basename(d["path"])
        if key != "net.imagej:ij":
            shutil.copy2(d["path"], os.path.join(imagej_plugins, "jars"))
        if d["artifact"].startswith("pytorch-native-"):
            djl_native_version = (d["group"], d["artifact"], d["version"])
            continue  # per platform, below
        if key in managed:
            note = "" if managed[key] == d["version"] else " (Fiji's pom-scijava %s has %s)" % (info["parentVersion"], managed[key])
            rows.append((key, d["version"], "not bundled: Fiji ships it" + note))
        else:
            shutil.copy2(d["path"], jars)
            rows.append((key, d["version"], "bundled: jars/" + name))

    if djl_native_version:
        g, a, v = djl_native_version
        for platform in [p.strip() for p in args.platforms.split(",") if p.strip()]:
            if platform not in PLATFORMS:
                sys.exit("unknown platform %s; known: %s" % (platform, ", ".join(PLATFORMS)))
            folder = os.path.join(natives_site, "jars", platform)
            os.makedirs(folder, exist_ok=True)
            classifier = PLATFORMS[platform]
            mvn("dependency:copy", "-Dartifact=%s:%s:%s:jar:%s" % (g, a, v, classifier), "-DoutputDirectory=" + folder)
            rel = os.path.relpath(folder, natives_site)
            rows.append(("%s:%s:%s" % (g, a, classifier), v, "bundled: " + rel.replace(os.sep, "/") + "/ (installed on " + platform + " only)"))

    macros = os.path.join(site, "macros")
    os.makedirs(macros)
    for f in sorted(os.listdir(os.path.join(PROJECT, "macros"))):
        if f.endswith(".ijm"):
            shutil.copy2(os.path.join(PROJECT, "macros", f), macros)

    report = os.path.join(TARGET, "bundle-report.md")
    with open(report, "w", encoding="utf-8") as out:
        out.write("# What the CMEMS update site bundles\n\nJudged against pom-scijava %s (artifacts it manages are taken as shipped by Fiji).\n\n"
                  % info["parentVersion"])
        out.write("| artifact | version | decision |\n|---|---|---|\n")
        for key, version, decision in sorted(rows):
            out.write("| %s | %s | %s |\n" % (key, version, decision))
    print(open(report, encoding="utf-8").read())
    for root_dir in sorted({os.path.dirname(site), os.path.dirname(natives_site), os.path.dirname(imagej_plugins)}):
        print("update site files: " + root_dir)
        for dirpath, _, files in sorted(os.walk(root_dir)):
            for f in sorted(files):
                p = os.path.join(dirpath, f)
                print("  %-70s %8.1f MB" % (os.path.relpath(p, root_dir), os.path.getsize(p) / 1e6))


if __name__ == "__main__":
    main()
