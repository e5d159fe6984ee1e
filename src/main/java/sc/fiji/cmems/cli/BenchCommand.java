package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.cmems.bench.Bench;
import sc.fiji.cmems.bench.BenchReport;
import sc.fiji.cmems.bench.BenchSettings;
import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.jobs.Arguments;

/** {@code cmems bench}: speed and memory of the engine, side by side with the PyTorch twin. */
final class BenchCommand {

	static final String USAGE = "cmems bench [sizes=128,256] [labeled=4] [unlabeled=4] [iterations=3] [blocks=3] [warmup=2] [threads=0]\n"
		+ "            [cases=cmems,supervised,inference (or any of " + String.join(",", BenchSettings.CASES) + ")] [loop=true] [twin=auto|on|off] [installTorch=true] [python=/usr/bin/python3]\n"
		+ "            [twinUpsample=interpolate|matmul] [memoryRuns=2] [inferenceBatch=8] [seed=1] [device=cpu] [out=<folder>]\n"
		+ "            per-iteration time and peak memory of the CMEMS step, a supervised step and inference, alternating with the\n"
		+ "            PyTorch twin (bench/pytorch; installTorch: install Debian's python3-torch when missing, as root); out= also\n"
		+ "            writes results.md and results.json there";

	/** The keys it takes; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("sizes", "labeled", "unlabeled", "iterations", "blocks", "warmup", "threads", "cases", "loop", "twin",
		"installTorch", "python", "twinUpsample", "memoryRuns", "inferenceBatch", "seed", "device", "out");

	private BenchCommand() {}

	static int run(final Arguments args, final String commandLine, final PrintStream out) throws IOException {
		final BenchSettings s = new BenchSettings();
		s.sizes = args.integers("sizes", "128,256");
		s.labeled = args.integer("labeled", s.labeled);
		s.unlabeled = args.integer("unlabeled", s.unlabeled);
		s.iterations = args.integer("iterations", s.iterations);
		s.blocks = args.integer("blocks", s.blocks);
		s.warmup = args.integer("warmup", s.warmup);
		s.threads = args.integer("threads", s.threads);
		s.cases = new ArrayList<>(Arrays.asList(args.string("cases", String.join(",", s.cases)).split(",")));
		s.cases.replaceAll(String::trim);
		s.loop = args.flag("loop", s.loop);
		s.twin = args.string("twin", s.twin);
		s.installTorch = args.flag("installTorch", s.installTorch);
		s.python = args.string("python", s.python);
		s.twinUpsample = args.string("twinUpsample", s.twinUpsample);
		s.memoryRuns = args.integer("memoryRuns", s.memoryRuns);
		s.inferenceBatch = args.integer("inferenceBatch", s.inferenceBatch);
		s.seed = args.longValue("seed", s.seed);
		s.device = args.string("device", s.device);
		final Path dir = args.path("out", null);
		s.check();
		if (dir != null) OutputPaths.requireWritableFolder(dir, "out");
		final BenchReport report = new Bench(s, out).run(commandLine);
		final String md = report.markdown();
		out.println();
		out.println(md);
		if (dir != null) {
			Files.createDirectories(dir);
			AtomicFiles.write(dir.resolve("results.md"), o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
			final String json = report.json();
			AtomicFiles.write(dir.resolve("results.json"), o -> o.write(json.getBytes(StandardCharsets.UTF_8)));
			out.println("Written to " + dir.toAbsolutePath() + ": results.md, results.json");
		}
		return 0;
	}
}
