#!/usr/bin/env bash
# Packs what the GPU machine needs to run the engine and lacks (it has Python PyTorch with CUDA,
# but no Java and no network): a jlinked Java runtime, the compiled classes and the jars, without
# the 112 MB CPU natives (there DJL uses that machine's own libtorch). Output: .gpu-kit/ (ignored
# by git), well under the device tool's 64 MiB. Then, with the device tool:
#   run  command="bash bench/gpu/on-device.sh"  carry=[".gpu-kit"]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
kit="$here/.gpu-kit"
"$here/cmems" help > /dev/null                       # compiles, writes target/cmems-classpath.txt
rm -rf "$kit" && mkdir -p "$kit/jars"
(cd "$here/target/classes" && jar --create --file "$kit/jars/cmems-classes.jar" .)
tr ':' '\n' < "$here/target/cmems-classpath.txt" | grep -v -e '/pytorch-native-' -e '/junit' -e '/opentest4j' -e '/apiguardian' \
	| while read -r jar; do cp "$jar" "$kit/jars/"; done
# the modules the commands use (ImageJ's AWT classes load even headless; JNA needs jdk.unsupported)
jre="$(mktemp -d)/jre"
jlink --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.zipfs \
	--strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre"
tar -C "$(dirname "$jre")" -cJf "$kit/jre.tar.xz" jre
rm -rf "$(dirname "$jre")"
git -C "$here" rev-parse HEAD > "$kit/commit.txt"
du -sh "$kit" "$kit"/jre.tar.xz "$kit"/jars
