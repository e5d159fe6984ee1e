package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.benchmark.AcdcData;
import sc.fiji.cmems.benchmark.Benchmark;
import sc.fiji.cmems.benchmark.ResolutionCeiling;
import sc.fiji.cmems.benchmark.VolumeMetrics;
import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.jobs.Arguments;

/** {@code cmems ceiling}: the Dice that the network's input size alone allows (a perfect network's score). */
final class CeilingCommand {

	static final String USAGE = "cmems ceiling [acdc=$ACDC_DIR] [evaluate=<list file|folder|ids>] [sizes=64,96,128,256] [out=<folder>]\n"
		+ "            the metrics of the ground truth resized to each input size and back with nearest neighbour, as training\n"
		+ "            labels and predictions are: what a network that learned its labels perfectly would score (out: ceiling.md\n"
		+ "            and ceiling-<size>-volumes.csv)";

	/** The keys it takes; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("acdc", "evaluate", "sizes", "out");

	private CeilingCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Path acdc = BenchmarkCommand.acdcFolder(args);
		final String evaluate = args.string("evaluate", null);
		final List<Integer> sizes = args.integers("sizes", "64,96,128,256");
		for (final int size : sizes) if (size < 1) throw new IllegalArgumentException("sizes must be positive whole numbers, was " + size);
		final Path dir = args.path("out", null);
		if (dir != null) OutputPaths.requireWritableFolder(dir, "out");
		final List<ImageInput> volumes = Benchmark.volumes(evaluate, new AcdcData(acdc));
		final List<String> classNames = AcdcData.CLASS_NAMES.subList(1, AcdcData.CLASS_NAMES.size());
		final List<VolumeMetrics> results = new ArrayList<>();
		for (final int size : sizes) {
			out.println("measuring " + volumes.size() + " volume(s) at " + size + "x" + size);
			final VolumeMetrics m = ResolutionCeiling.measure(volumes, size, classNames);
			results.add(m);
			if (dir != null) {
				Files.createDirectories(dir);
				final String csv = VolumeMetrics.CSV_HEADER + m.csv("ceiling," + size + ",");
				AtomicFiles.write(dir.resolve("ceiling-" + size + "-volumes.csv"), o -> o.write(csv.getBytes(StandardCharsets.UTF_8)));
			}
		}
		final String md = "Ground truth resized to the input size and back (nearest neighbour), " + volumes.size()
			+ " volume(s); Dice mean ± std over volumes, HD95 and ASD in voxels:\n\n" + ResolutionCeiling.table(sizes, results);
		out.println();
		out.print(md);
		if (dir != null) AtomicFiles.write(dir.resolve("ceiling.md"), o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
		return 0;
	}
}
