package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.cmems.benchmark.Benchmark;
import sc.fiji.cmems.benchmark.MethodVariant;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.jobs.Arguments;

/** {@code cmems benchmark}: the ACDC one-exemplar benchmark (PROTOCOL.md). */
final class BenchmarkCommand {

	static final String USAGE = "cmems benchmark [acdc=$ACDC_DIR] [out=benchmark] [exemplars=default,<slice id>,<patient id>,...]\n"
		+ "                   [methods=" + String.join(",", MethodVariant.ids()) + "]\n"
		+ "                   [evaluate=<list file|folder|ids>] [validation=<list file|folder|ids|none>] [slices=0]\n"
		+ "                   [train=true] [report=results] [largestcomponent=false] [reevaluate=false] [flips=<the model's>] [zooms=]\n"
		+ "                   [<training setting>=value ...]\n"
		+ "            (train=false: train nothing, report the finished runs; report: base name of the .md and .json over all runs;\n"
		+ "             largestcomponent: keep the largest connected component of each class before measuring;\n"
		+ "             reevaluate: measure the kept models of finished runs again on evaluate=, into <report>-* files, without retraining;\n"
		+ "             flips: test-time flips when measuring, overriding what each model says;\n"
		+ "             zooms: test-time zooms when measuring, e.g. zooms=0.9,1.2 (the slice zoomed about its centre, the maps added))";

	/** The keys it takes besides the training settings; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("acdc", "out", "exemplars", "methods", "evaluate", "validation", "slices", "train", "report", "largestcomponent",
		"reevaluate", "flips", "zooms");

	private BenchmarkCommand() {}

	/** The ACDC folder: {@code acdc=}, else the {@code ACDC_DIR} variable. */
	static Path acdcFolder(final Arguments args) {
		final String acdc = args.string("acdc", System.getenv("ACDC_DIR"));
		if (acdc == null) throw new IllegalArgumentException("missing argument acdc=<ACDC folder> (or set ACDC_DIR)");
		return Paths.get(acdc);
	}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Benchmark.Options o = new Benchmark.Options();
		o.acdc = acdcFolder(args);
		o.out = args.path("out", "benchmark");
		o.exemplars = Arrays.asList(args.string("exemplars", "default").split(","));
		if (args.has("methods")) {
			final List<MethodVariant> methods = new ArrayList<>();
			for (final String m : args.string("methods", "").split(",")) methods.add(MethodVariant.of(m));
			o.methods = methods;
		}
		o.evaluate = args.string("evaluate", null);
		o.validation = args.string("validation", null);
		o.slices = args.integer("slices", 0);
		o.train = args.flag("train", true);
		o.report = args.string("report", "results");
		o.largestComponent = args.flag("largestcomponent", false);
		o.reevaluate = args.flag("reevaluate", false);
		if (args.has("flips")) o.flips = args.flag("flips", false);
		if (args.has("zooms")) o.zooms = java.util.Arrays.stream(args.string("zooms", "").split(",")).filter(z -> !z.isBlank()).mapToDouble(Double::parseDouble).toArray();
		Main.applySettings(args, o.settings);
		OutputPaths.requireWritableFolder(o.out, "out");
		Benchmark.run(o, out);
		return 0;
	}
}
