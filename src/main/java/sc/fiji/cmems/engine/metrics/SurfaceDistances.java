package sc.fiji.cmems.engine.metrics;

import java.util.Arrays;

/**
 * Surface distances between two binary masks, following medpy
 * ({@code medpy.metric.binary.__surface_distances}, {@code hd95}, {@code asd}):
 * for every surface voxel of one mask (see {@link Surfaces}), the Euclidean
 * distance, in units of the voxel spacing, to the nearest surface voxel of the
 * other mask, from an exact distance transform
 * ({@link EuclideanDistanceTransform}).
 * <p>
 * Masks are flat arrays, axis 0 fastest. A {@code null} spacing means voxel
 * units.
 */
public final class SurfaceDistances {

	/** The percentile of the pooled surface distances reported as HD95. */
	public static final double HD_PERCENTILE = 95;

	private SurfaceDistances() {}

	/**
	 * Distances from each surface voxel of {@code from} to the surface of
	 * {@code to}, in ascending order of the flat index of the {@code from}
	 * surface voxel.
	 *
	 * @return the distances; empty when {@code from} is empty, all +∞ when
	 *         {@code to} is empty
	 */
	public static double[] directed(final boolean[] from, final boolean[] to, final int[] dims, final double[] spacing) {
		EuclideanDistanceTransform.checkedSize(dims, to.length);
		final int[] fromSurface = Surfaces.surfaceIndices(from, dims);
		return sample(EuclideanDistanceTransform.squaredDistances(Surfaces.surfaceMask(to, dims), dims, spacing),
			fromSurface);
	}

	/**
	 * 95th percentile of the distances of both directions pooled, like medpy's
	 * {@code hd95(prediction, truth, voxelspacing)}.
	 *
	 * @return HD95, or NaN when either mask is empty
	 */
	public static double hd95(final boolean[] prediction, final boolean[] truth, final int[] dims,
		final double[] spacing)
	{
		if (isEmpty(prediction) || isEmpty(truth)) return Double.NaN;
		final double[] pg = directed(prediction, truth, dims, spacing);
		final double[] gp = directed(truth, prediction, dims, spacing);
		return percentileInPlace(concat(pg, gp), HD_PERCENTILE);
	}

	/**
	 * Average surface distance from {@code prediction} to {@code truth}, like
	 * medpy's {@code asd(prediction, truth, voxelspacing)}: the mean distance from
	 * the prediction's surface voxels to the truth's surface (one direction only;
	 * not symmetric).
	 *
	 * @return ASD, or NaN when either mask is empty
	 */
	public static double asd(final boolean[] prediction, final boolean[] truth, final int[] dims,
		final double[] spacing)
	{
		if (isEmpty(prediction) || isEmpty(truth)) return Double.NaN;
		return mean(directed(prediction, truth, dims, spacing));
	}

	/**
	 * Percentile with numpy's default ("linear") method: with the values sorted
	 * ascending as {@code a[0..n)}, the virtual index {@code h = (n - 1)·q/100}
	 * and {@code a[⌊h⌋] + (h - ⌊h⌋)·(a[⌊h⌋ + 1] - a[⌊h⌋])}, interpolated the way
	 * numpy's {@code _lerp} does it.
	 *
	 * @param values the values; not modified
	 * @param percent the percentile, in [0, 100]
	 * @return the percentile, or NaN for no values
	 */
	public static double percentile(final double[] values, final double percent) {
		return percentileInPlace(values.clone(), percent);
	}

	/** @return the mean, or NaN for no values */
	public static double mean(final double[] values) {
		if (values.length == 0) return Double.NaN;
		double sum = 0;
		for (final double v : values)
			sum += v;
		return sum / values.length;
	}

	/** Like {@link #percentile} but sorts {@code values} in place. */
	static double percentileInPlace(final double[] values, final double percent) {
		if (!(percent >= 0 && percent <= 100)) {
			throw new IllegalArgumentException("percentile must be in [0, 100], was " + percent);
		}
		final int n = values.length;
		if (n == 0) return Double.NaN;
		Arrays.sort(values);
		final double q = percent / 100;
		final double h = (n - 1) * q;
		final int lo = (int) Math.floor(h);
		final int hi = Math.min(lo + 1, n - 1);
		final double t = h - lo;
		final double a = values[lo];
		final double b = values[hi];
		if (a == b) return a;
		final double diff = b - a;
		// numpy's _lerp: from the nearer end, for monotonicity
		return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
	}

	/** Square roots of {@code squared} at {@code indices}. */
	static double[] sample(final double[] squared, final int[] indices) {
		final double[] d = new double[indices.length];
		for (int k = 0; k < indices.length; k++)
			d[k] = Math.sqrt(squared[indices[k]]);
		return d;
	}

	static double[] concat(final double[] a, final double[] b) {
		final double[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	private static boolean isEmpty(final boolean[] mask) {
		for (final boolean b : mask)
			if (b) return false;
		return true;
	}
}
