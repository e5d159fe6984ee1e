package sc.fiji.cmems.engine.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.view.Views;

/**
 * Per-volume, per-class segmentation metrics of the evaluation protocol (ACDC,
 * SSL4MIS convention, distances as in medpy):
 * <ul>
 * <li>Dice {@code 2|P∩G| / (|P|+|G|)};</li>
 * <li>HD95: the 95th percentile (numpy's linear interpolation) of the surface
 * distances of both directions pooled, P→G and G→P (medpy {@code hd95});</li>
 * <li>ASD: the mean distance from the predicted surface voxels to the
 * ground-truth surface (medpy {@code asd(result, reference)}).</li>
 * </ul>
 * Surfaces are the masks minus their face-connected erosion with the outside
 * of the image as background ({@link Surfaces}); distances come from an exact
 * Euclidean distance transform ({@link EuclideanDistanceTransform}), in voxel
 * units unless a voxel spacing is given (one value per axis, in imglib2 axis
 * order: x, y, z). Every foreground class 1..C-1 is reported, empty ones with
 * the status and conventions of {@link ClassMetrics}.
 * <p>
 * Label images may have any number of dimensions (the protocol uses 2D and 3D).
 * Distances treat a volume as one block: an axis of size 1 puts every mask
 * voxel on the surface.
 */
public final class SegmentationMetrics {

	private SegmentationMetrics() {}

	/**
	 * Metrics in voxel units.
	 *
	 * @see #compute(RandomAccessibleInterval, RandomAccessibleInterval, int, double[])
	 */
	public static List<ClassMetrics> compute(final RandomAccessibleInterval<? extends IntegerType<?>> prediction,
		final RandomAccessibleInterval<? extends IntegerType<?>> truth, final int numClasses)
	{
		return compute(prediction, truth, numClasses, null);
	}

	/**
	 * @param prediction predicted labels in [0, numClasses)
	 * @param truth ground-truth labels in [0, numClasses), same dimensions (the
	 *          interval minima may differ)
	 * @param numClasses C, including the background class 0; at least 2
	 * @param spacing voxel size per axis, or {@code null} for voxel units
	 * @return the metrics of classes 1..C-1, in that order
	 * @throws IllegalArgumentException for different dimensions (naming both), a
	 *           label outside [0, C) (naming it), or a bad spacing
	 */
	public static List<ClassMetrics> compute(final RandomAccessibleInterval<? extends IntegerType<?>> prediction,
		final RandomAccessibleInterval<? extends IntegerType<?>> truth, final int numClasses, final double[] spacing)
	{
		checkNumClasses(numClasses);
		final long[] pd = prediction.dimensionsAsLongArray();
		final long[] gd = truth.dimensionsAsLongArray();
		if (!Arrays.equals(pd, gd)) {
			throw new IllegalArgumentException("prediction shape " + Arrays.toString(pd) + " differs from truth shape " +
				Arrays.toString(gd));
		}
		final int[] dims = toIntDims(pd);
		final int[] p = toLabelArray(prediction, numClasses, "prediction");
		final int[] g = toLabelArray(truth, numClasses, "truth");
		return computeChecked(p, g, dims, numClasses, spacing);
	}

	/**
	 * Plain-array entry point.
	 *
	 * @param prediction predicted labels, flat, axis 0 fastest; not modified
	 * @param truth ground-truth labels, same layout; not modified
	 * @param dims size per axis
	 * @param numClasses C, including the background class 0; at least 2
	 * @param spacing voxel size per axis, or {@code null} for voxel units
	 * @return the metrics of classes 1..C-1, in that order
	 * @throws IllegalArgumentException for array lengths that do not match dims, a
	 *           label outside [0, C) (naming it), or a bad spacing
	 */
	public static List<ClassMetrics> compute(final int[] prediction, final int[] truth, final int[] dims,
		final int numClasses, final double[] spacing)
	{
		checkNumClasses(numClasses);
		EuclideanDistanceTransform.checkedSize(dims, prediction.length);
		EuclideanDistanceTransform.checkedSize(dims, truth.length);
		checkLabels(prediction, numClasses, "prediction");
		checkLabels(truth, numClasses, "truth");
		return computeChecked(prediction, truth, dims.clone(), numClasses, spacing);
	}

	/**
	 * Copies a label image into a flat int array (axis 0 fastest) in one pass of
	 * {@link Views#flatIterable}, checking every label.
	 *
	 * @param labels the label image
	 * @param numClasses C; labels must lie in [0, C)
	 * @param what how to name the image in error messages
	 * @return the labels
	 */
	public static int[] toLabelArray(final RandomAccessibleInterval<? extends IntegerType<?>> labels,
		final int numClasses, final String what)
	{
		final int n = EuclideanDistanceTransform.voxelCount(toIntDims(labels.dimensionsAsLongArray()));
		final int[] out = new int[n];
		int i = 0;
		for (final IntegerType<?> t : Views.flatIterable(labels)) {
			final long v = t.getIntegerLong();
			if (v < 0 || v >= numClasses) throw outOfRange(what, v, i, numClasses);
			out[i++] = (int) v;
		}
		return out;
	}

	private static List<ClassMetrics> computeChecked(final int[] p, final int[] g, final int[] dims,
		final int numClasses, final double[] spacing)
	{
		final double[] s = EuclideanDistanceTransform.checkedSpacing(spacing, dims.length);
		final int n = p.length;
		final long[] countP = new long[numClasses];
		final long[] countG = new long[numClasses];
		final long[] inter = new long[numClasses];
		for (int i = 0; i < n; i++) {
			countP[p[i]]++;
			countG[g[i]]++;
			if (p[i] == g[i]) inter[p[i]]++;
		}
		final List<ClassMetrics> result = new ArrayList<>(numClasses - 1);
		for (int c = 1; c < numClasses; c++) {
			final double dice = Dice.dice(inter[c], countP[c], countG[c]);
			final ClassMetrics.Status status = ClassMetrics.Status.of(countP[c], countG[c]);
			double hd95;
			double asd;
			switch (status) {
				case BOTH_EMPTY:
					hd95 = 0;
					asd = 0;
					break;
				case OK:
					final double[] pd = new double[2];
					distances(p, g, c, dims, s, pd);
					hd95 = pd[0];
					asd = pd[1];
					break;
				default:
					hd95 = Double.NaN;
					asd = Double.NaN;
			}
			result.add(new ClassMetrics(c, dice, hd95, asd, countP[c], countG[c], inter[c]));
		}
		return Collections.unmodifiableList(result);
	}

	/** HD95 into out[0], ASD into out[1], for class c present in both p and g. */
	private static void distances(final int[] p, final int[] g, final int c, final int[] dims, final double[] s,
		final double[] out)
	{
		final int n = p.length;
		final boolean[] pm = new boolean[n];
		final boolean[] gm = new boolean[n];
		for (int i = 0; i < n; i++) {
			pm[i] = p[i] == c;
			gm[i] = g[i] == c;
		}
		final boolean[] ps = Surfaces.surfaceMask(pm, dims);
		final boolean[] gs = Surfaces.surfaceMask(gm, dims);
		final double[] toG = SurfaceDistances.sample(EuclideanDistanceTransform.squaredDistances(gs, dims, s), Surfaces
			.indicesOf(ps));
		final double[] toP = SurfaceDistances.sample(EuclideanDistanceTransform.squaredDistances(ps, dims, s), Surfaces
			.indicesOf(gs));
		out[1] = SurfaceDistances.mean(toG);
		out[0] = SurfaceDistances.percentileInPlace(SurfaceDistances.concat(toG, toP), SurfaceDistances.HD_PERCENTILE);
	}

	static IllegalArgumentException outOfRange(final String what, final long value, final int index,
		final int numClasses)
	{
		return new IllegalArgumentException(what + " label " + value + " at flat index " + index + " is outside [0, " +
			numClasses + ")");
	}

	private static void checkLabels(final int[] labels, final int numClasses, final String what) {
		for (int i = 0; i < labels.length; i++) {
			final int v = labels[i];
			if (v < 0 || v >= numClasses) throw outOfRange(what, v, i, numClasses);
		}
	}

	private static void checkNumClasses(final int numClasses) {
		if (numClasses < 2) {
			throw new IllegalArgumentException("numClasses must be at least 2 (background and one foreground class), was " +
				numClasses);
		}
	}

	private static int[] toIntDims(final long[] dims) {
		final int[] d = new int[dims.length];
		for (int i = 0; i < dims.length; i++) {
			if (dims[i] > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("image too large for flat arrays: " + Arrays.toString(dims));
			}
			d[i] = (int) dims[i];
		}
		return d;
	}
}
