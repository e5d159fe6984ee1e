package sc.fiji.cmems.jobs;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

import sc.fiji.cmems.engine.metrics.ClassMetrics;
import sc.fiji.cmems.engine.metrics.SegmentationMetrics;
import sc.fiji.cmems.io.FolderFiles;
import sc.fiji.cmems.io.LabelImages;
import sc.fiji.cmems.io.formats.ImageReaders;
import sc.fiji.cmems.io.formats.LoadedImage;
import sc.fiji.cmems.io.formats.ReadOptions;
import sc.fiji.cmems.io.imagej.ImagePlusImgs;

/**
 * Compares predicted label images with ground truth: Dice, HD95 and ASD per
 * image and foreground class ({@link SegmentationMetrics}), as rows of an
 * ImageJ {@link ResultsTable}. Folders are paired by file name without
 * extension, so {@code case01.tif} meets {@code case01.nii.gz}.
 */
public final class SegmentationEvaluation {

	private SegmentationEvaluation() {}

	/** One labeled volume pair, already read. */
	public static final class Pair {

		public final String name;
		public final RandomAccessibleInterval<? extends IntegerType<?>> prediction, truth;
		/** Voxel size per axis, used when distances are calibrated. */
		public final double[] voxelSize;
		public final String unit;

		public Pair(final String name, final RandomAccessibleInterval<? extends IntegerType<?>> prediction, final RandomAccessibleInterval<? extends IntegerType<?>> truth,
			final double[] voxelSize, final String unit)
		{
			this.name = name;
			this.prediction = prediction;
			this.truth = truth;
			this.voxelSize = voxelSize;
			this.unit = unit;
		}
	}

	/** The metrics of one class of one image. */
	public static final class Row {

		public final String image;
		public final String className;
		public final ClassMetrics metrics;

		Row(final String image, final String className, final ClassMetrics metrics) {
			this.image = image;
			this.className = className;
			this.metrics = metrics;
		}
	}

	/** Two open label images. */
	public static Pair pair(final ImagePlus prediction, final ImagePlus truth) {
		if (prediction == null || truth == null) throw new IllegalArgumentException("both a prediction and a ground-truth label image are needed");
		return new Pair(prediction.getTitle(), LabelImages.asLabels(ImagePlusImgs.toImg(prediction), prediction.getTitle()),
			LabelImages.asLabels(ImagePlusImgs.toImg(truth), truth.getTitle()), ImagePlusImgs.voxelSize(truth), ImagePlusImgs.unit(truth));
	}

	/**
	 * Pairs the matching files of two folders (or two files).
	 *
	 * @param unmatched receives the prediction files without ground truth
	 * @throws IllegalArgumentException when no file has a partner
	 */
	public static List<Pair> pairs(final Path predictions, final Path truths, final String filter, final ReadOptions options, final List<String> unmatched)
		throws IOException
	{
		if (predictions == null || truths == null) throw new IllegalArgumentException("both a prediction and a ground-truth file or folder are needed");
		final boolean folders = Files.isDirectory(predictions);
		if (folders != Files.isDirectory(truths) && Files.exists(truths))
			throw new IllegalArgumentException("prediction " + predictions + " and ground truth " + truths + " must both be files or both be folders");
		final List<Path> predictionFiles = FolderFiles.list(predictions, filter);
		final Map<String, Path> truthByName = new LinkedHashMap<>();
		for (final Path t : FolderFiles.list(truths, "*")) truthByName.putIfAbsent(folders ? FolderFiles.baseName(t) : FolderFiles.baseName(predictions), t);
		final List<Pair> out = new ArrayList<>();
		for (final Path p : predictionFiles) {
			final Path t = truthByName.get(FolderFiles.baseName(p));
			if (t == null) {
				unmatched.add(p.getFileName().toString());
				continue;
			}
			final LoadedImage predicted = ImageReaders.openLabel(p, options);
			final LoadedImage truth = ImageReaders.openLabel(t, options);
			final String name = p.getFileName().toString();
			out.add(new Pair(name, LabelImages.asLabels(predicted.getImage(), name), LabelImages.asLabels(truth.getImage(), t.getFileName().toString()),
				truth.getVoxelSize(), truth.getUnit()));
		}
		if (out.isEmpty())
			throw new IllegalArgumentException("no prediction in " + predictions + " has a ground truth of the same name in " + truths + " (predictions: "
				+ unmatched + ")");
		return out;
	}

	/** @return the largest label of the pairs + 1 (at least 2) */
	public static int classesOf(final List<Pair> pairs) {
		long max = 1;
		for (final Pair p : pairs)
			for (final RandomAccessibleInterval<? extends IntegerType<?>> image : Arrays2.of(p.prediction, p.truth))
				for (final IntegerType<?> v : Views.flatIterable(image))
					max = Math.max(max, v.getIntegerLong());
		return (int) max + 1;
	}

	/**
	 * @param classes C including background; labels must lie in [0, C)
	 * @param classNames names by label (background first), or empty for "class 1", ...
	 * @param calibrated distances in the truth's calibrated units, else in voxels
	 * @throws IllegalArgumentException naming the image with a label beyond the classes, or sizes that differ
	 */
	public static List<Row> evaluate(final List<Pair> pairs, final int classes, final List<String> classNames, final boolean calibrated) {
		return evaluate(pairs, classes, classNames, calibrated, null);
	}

	/** As {@link #evaluate(List, int, List, boolean)}, telling {@code pairsDone} the number of pairs done after each (or null). */
	public static List<Row> evaluate(final List<Pair> pairs, final int classes, final List<String> classNames, final boolean calibrated, final IntConsumer pairsDone) {
		final List<Row> rows = new ArrayList<>();
		int done = 0;
		for (final Pair p : pairs) {
			final List<ClassMetrics> metrics;
			try {
				metrics = SegmentationMetrics.compute(p.prediction, p.truth, classes, calibrated ? p.voxelSize : null);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(p.name + ": " + e.getMessage(), e);
			}
			for (final ClassMetrics m : metrics) rows.add(new Row(p.name, className(classNames, m.classIndex()), m));
			if (pairsDone != null) pairsDone.accept(++done);
		}
		return Collections.unmodifiableList(rows);
	}

	/** @return one table row per image and class */
	public static ResultsTable table(final List<Row> rows) {
		final ResultsTable table = new ResultsTable();
		table.setPrecision(4);
		for (final Row r : rows) {
			table.incrementCounter();
			table.addValue("Image", r.image);
			table.addValue("Class", r.className);
			table.addValue("Label", r.metrics.classIndex());
			table.addValue("Dice", r.metrics.dice());
			table.addValue("HD95", r.metrics.hd95());
			table.addValue("ASD", r.metrics.asd());
			table.addValue("Predicted voxels", r.metrics.predictedVoxels());
			table.addValue("Truth voxels", r.metrics.truthVoxels());
			table.addValue("Status", r.metrics.status().name());
		}
		return table;
	}

	/** @return mean Dice per class over the images, e.g. "mean Dice: RV 0.812, LV 0.901 (3 images)" */
	public static String summary(final List<Row> rows) {
		final Map<String, double[]> sums = new LinkedHashMap<>();
		final java.util.Set<String> images = new java.util.LinkedHashSet<>();
		for (final Row r : rows) {
			images.add(r.image);
			final double[] s = sums.computeIfAbsent(r.className, k -> new double[2]);
			s[0] += r.metrics.dice();
			s[1]++;
		}
		final StringBuilder sb = new StringBuilder("mean Dice:");
		String sep = " ";
		for (final Map.Entry<String, double[]> e : sums.entrySet()) {
			sb.append(sep).append(e.getKey()).append(String.format(Locale.ROOT, " %.3f", e.getValue()[0] / e.getValue()[1]));
			sep = ", ";
		}
		return sb.append(" (").append(images.size()).append(images.size() == 1 ? " image)" : " images)").toString();
	}

	private static String className(final List<String> names, final int c) {
		return names != null && c < names.size() ? names.get(c) : "class " + c;
	}

	/** A tiny helper for iterating two images without generic-array warnings. */
	private static final class Arrays2 {

		static List<RandomAccessibleInterval<? extends IntegerType<?>>> of(final RandomAccessibleInterval<? extends IntegerType<?>> a,
			final RandomAccessibleInterval<? extends IntegerType<?>> b)
		{
			final List<RandomAccessibleInterval<? extends IntegerType<?>>> l = new ArrayList<>();
			l.add(a);
			l.add(b);
			return l;
		}
	}
}
