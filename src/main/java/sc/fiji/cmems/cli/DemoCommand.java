package sc.fiji.cmems.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.metrics.ClassMetrics;
import sc.fiji.cmems.engine.metrics.SegmentationMetrics;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.io.formats.LabelTiffWriter;
import sc.fiji.cmems.io.formats.TiffWriter;
import sc.fiji.cmems.jobs.Arguments;
import sc.fiji.cmems.phantom.CardiacPhantom;
import sc.fiji.cmems.report.DiceTable;
import sc.fiji.cmems.report.OverlayMontage;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * {@code cmems demo}: the main job on the embedded default data. Generates a
 * seeded synthetic short-axis cardiac MRI set ({@link CardiacPhantom}), takes
 * one labeled image as the exemplar, trains the exemplar-only baseline and
 * CMEMS with the same budget, segments held-out images, writes images, label
 * TIFFs, models and an overview PNG, and prints per-class Dice for both.
 */
final class DemoCommand {

	/** The baseline and the default method, compared on the same budget. */
	static final String DEFAULT_METHODS = TrainingMethods.BASELINE + "," + TrainingMethods.DEFAULT;

	static final String USAGE = "cmems demo [out=cmems-demo] [iterations=400] [size=64] [unlabeled=200] [test=20] [seed=1]\n"
		+ "           [exemplar=0] [methods=" + DemoCommand.DEFAULT_METHODS + "] [threads=0] [<any training setting>=value ...]";


	/** The keys it takes besides the training settings; each is in {@link #USAGE}. */
	static final List<String> KEYS = List.of("out", "iterations", "size", "unlabeled", "test", "seed", "exemplar", "methods");

	private DemoCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Path dir = args.path("out", "cmems-demo");
		final int size = args.integer("size", 64);
		final int unlabeledCount = args.integer("unlabeled", 200);
		final int testCount = args.integer("test", 20);
		final int exemplarIndex = args.integer("exemplar", 0);
		final long seed = args.longValue("seed", 1);
		final List<String> methods = Arrays.asList(args.string("methods", DEFAULT_METHODS).split(","));
		final TrainingSettings settings = demoSettings(args.integer("iterations", 400), size, seed);
		Main.applySettings(args, settings);
		final List<TrainingSettings> runs = new ArrayList<>();
		for (final String method : methods) {
			final TrainingSettings s = settings.copy();
			s.method = method.trim();
			runs.add(s.check()); // an unknown method is named now, not after the first has trained
		}
		OutputPaths.requireWritableFolder(dir, "out");
		// an unusable device is named now, not after the data set is generated
		out.println("Device: " + DeviceChoice.resolve(settings.device).description());

		out.printf(Locale.ROOT, "Generating the synthetic cardiac data set (seed %d): 1 exemplar, %d unlabeled and %d test images of %dx%d%n", seed, unlabeledCount,
			testCount, size, size);
		final CardiacPhantom phantom = new CardiacPhantom(seed);
		final CardiacPhantom.Sample exemplar = phantom.sample(exemplarIndex, size, size);
		final List<ImageInput> unlabeled = new ArrayList<>();
		for (int i = 0; i < unlabeledCount; i++) unlabeled.add(ImageInput.of("unlabeled-" + i, phantom.sample(1_000_000 + i, size, size).image()));
		final List<CardiacPhantom.Sample> test = new ArrayList<>();
		for (int i = 0; i < testCount; i++) test.add(phantom.sample(2_000_000 + i, size, size));
		Files.createDirectories(dir.resolve("test"));
		TiffWriter.writeImage(exemplar.image(), null, null, dir.resolve("exemplar.tif"));
		LabelTiffWriter.write(exemplar.labels(), null, null, dir.resolve("exemplar-labels.tif"));
		for (int i = 0; i < test.size(); i++) {
			TiffWriter.writeImage(test.get(i).image(), null, null, dir.resolve("test").resolve(String.format("image-%02d.tif", i)));
			LabelTiffWriter.write(test.get(i).labels(), null, null, dir.resolve("test").resolve(String.format("truth-%02d.tif", i)));
		}
		final TrainingInputs inputs = new TrainingInputs(ImageInput.labeled("exemplar", exemplar.image(), exemplar.labels()), unlabeled, new ArrayList<>());

		final DiceTable table = new DiceTable(settings.classNames.subList(1, settings.classNames.size()));
		final List<List<int[]>> predictions = new ArrayList<>();
		final long start = System.nanoTime();
		for (final TrainingSettings s : runs) {
			out.println();
			out.println("Training '" + s.method + "' for " + s.iterations + " iterations at " + size + "x" + size + " ...");
			final TrainingResult result = new Trainer(s).listener(new ProgressPrinter(out, s.method, 50)).train(inputs);
			try (SegmentationModel model = result.model()) {
				ModelBundle.write(model, dir.resolve(s.method + ".cmems"));
				final Segmenter segmenter = new Segmenter(model, Ensemble.MEAN);
				final Path labelsDir = Files.createDirectories(dir.resolve(s.method));
				final List<int[]> methodPredictions = new ArrayList<>();
				for (int i = 0; i < test.size(); i++) {
					final ArrayImg<UnsignedShortType, ShortArray> labels = segmenter.segment(test.get(i).image());
					LabelTiffWriter.write(labels, null, null, labelsDir.resolve(String.format("labels-%02d.tif", i)));
					final int[] predicted = ImgSlices.readInts(labels, 0);
					methodPredictions.add(predicted);
					final int[] truth = ImgSlices.readInts(test.get(i).labels(), 0);
					final List<ClassMetrics> metrics = SegmentationMetrics.compute(predicted, truth, new int[] { size, size }, model.info().classes, null);
					final double[] dice = new double[metrics.size()];
					for (int c = 0; c < dice.length; c++) dice[c] = metrics.get(c).dice();
					table.add(s.method, String.format("image-%02d", i), dice);
				}
				predictions.add(methodPredictions);
			}
		}
		final double seconds = (System.nanoTime() - start) / 1e9;
		final String summary = "Per-class Dice on " + test.size() + " held-out synthetic images (mean ± std), " + settings.iterations + " iterations each, "
			+ size + "x" + size + ", seed " + seed + ", trained in " + ProgressPrinter.duration(seconds) + ":\n\n" + table.markdown();
		out.println();
		out.println(summary);
		AtomicFiles.write(dir.resolve("results.md"), o -> o.write(("# CMEMS demo\n\n" + summary).getBytes(StandardCharsets.UTF_8)));
		AtomicFiles.write(dir.resolve("dice.csv"), o -> o.write(table.csv().getBytes(StandardCharsets.UTF_8)));
		writeOverview(dir.resolve("overview.png"), test, predictions, methods, size);
		out.println("Written to " + dir.toAbsolutePath() + ": exemplar, test images and truth (test/), label images per method, models (*.cmems), results.md, dice.csv, overview.png");
		return 0;
	}

	/** The demo's budget: small batches at a small size, so both methods train in minutes on two CPU cores. */
	static TrainingSettings demoSettings(final int iterations, final int size, final long seed) {
		final TrainingSettings s = new TrainingSettings();
		s.iterations = iterations;
		s.imageSize = size;
		s.seed = seed;
		s.exemplarBatch = 2;
		s.syntheticBatch = 4;
		s.unlabeledBatch = 6;
		s.validateEvery = 0;
		s.classNames = Arrays.asList("background", "RV", "Myo", "LV");
		s.classes = 4;
		return s;
	}

	private static void writeOverview(final Path png, final List<CardiacPhantom.Sample> test, final List<List<int[]>> predictions,
		final List<String> methods, final int size) throws IOException
	{
		final OverlayMontage montage = new OverlayMontage(size <= 96 ? 2 : 1);
		final List<String> titles = new ArrayList<>(Arrays.asList("image", "ground truth"));
		titles.addAll(methods);
		for (int i = 0; i < Math.min(4, test.size()); i++) {
			final List<int[]> maps = new ArrayList<>();
			maps.add(null);
			maps.add(ImgSlices.readInts(test.get(i).labels(), 0));
			for (final List<int[]> p : predictions) maps.add(p.get(i));
			montage.addRow(ImgSlices.readFloats(test.get(i).image(), 0), size, size, maps, titles);
		}
		montage.write(png);
	}
}
