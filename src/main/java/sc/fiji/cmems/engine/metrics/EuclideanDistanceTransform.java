package sc.fiji.cmems.engine.metrics;

import java.util.Arrays;

/**
 * Exact Euclidean distance transform in any number of dimensions.
 * <p>
 * For every voxel, the (squared) Euclidean distance to the nearest
 * <em>feature</em> voxel, computed by the separable linear-time algorithm of
 * Felzenszwalb &amp; Huttenlocher ("Distance Transforms of Sampled Functions",
 * Theory of Computing 8, 2012): one pass per axis, each pass taking the lower
 * envelope of the parabolas {@code f(q) + (s·(p - q))²} along every line of
 * that axis, where {@code s} is the voxel spacing of the axis. The result is
 * exact (up to floating-point rounding of the spacing products); with unit
 * spacing the squared distances are exact integers.
 * <p>
 * Images are flat arrays with axis 0 fastest ({@code index = x + dims[0]·(y +
 * dims[1]·z)}), the order of imglib2's {@code Views.flatIterable}.
 * <p>
 * Where there is no feature voxel at all, every distance is
 * {@link Double#POSITIVE_INFINITY} (never NaN); the same holds for voxels that
 * no feature voxel can reach, which only happens when the image has none.
 */
public final class EuclideanDistanceTransform {

	private EuclideanDistanceTransform() {}

	/**
	 * Squared distances to the nearest {@code true} voxel of {@code feature}.
	 *
	 * @param feature the feature voxels, flat, axis 0 fastest
	 * @param dims image size per axis (at least one axis, each at least 1)
	 * @param spacing voxel size per axis, or {@code null} for unit spacing
	 * @return squared distances, 0 at feature voxels, +∞ everywhere when there is
	 *         no feature voxel
	 */
	public static double[] squaredDistances(final boolean[] feature, final int[] dims, final double[] spacing) {
		final int n = checkedSize(dims, feature.length);
		final double[] s = checkedSpacing(spacing, dims.length);
		final double[] f = new double[n];
		for (int i = 0; i < n; i++)
			f[i] = feature[i] ? 0 : Double.POSITIVE_INFINITY;
		transform(f, dims, s);
		return f;
	}

	/**
	 * Squared distances to the nearest non-zero voxel of {@code feature}.
	 *
	 * @see #squaredDistances(boolean[], int[], double[])
	 */
	public static double[] squaredDistances(final byte[] feature, final int[] dims, final double[] spacing) {
		final int n = checkedSize(dims, feature.length);
		final double[] s = checkedSpacing(spacing, dims.length);
		final double[] f = new double[n];
		for (int i = 0; i < n; i++)
			f[i] = feature[i] != 0 ? 0 : Double.POSITIVE_INFINITY;
		transform(f, dims, s);
		return f;
	}

	/**
	 * Euclidean distances to the nearest {@code true} voxel of {@code feature}.
	 *
	 * @see #squaredDistances(boolean[], int[], double[])
	 */
	public static double[] distances(final boolean[] feature, final int[] dims, final double[] spacing) {
		return sqrtInPlace(squaredDistances(feature, dims, spacing));
	}

	/**
	 * Euclidean distances to the nearest non-zero voxel of {@code feature}.
	 *
	 * @see #squaredDistances(boolean[], int[], double[])
	 */
	public static double[] distances(final byte[] feature, final int[] dims, final double[] spacing) {
		return sqrtInPlace(squaredDistances(feature, dims, spacing));
	}

	/**
	 * Transforms, in place, a sampled function {@code f} (0 at features, +∞
	 * elsewhere for a plain distance transform; any non-negative finite values are
	 * allowed and act as additive offsets) into its squared-distance transform
	 * {@code min_q (f(q) + |p - q|²)} with physical coordinates {@code p·spacing}.
	 *
	 * @param f values, flat, axis 0 fastest; overwritten by the result
	 * @param dims image size per axis
	 * @param spacing voxel size per axis, or {@code null} for unit spacing
	 */
	public static void transform(final double[] f, final int[] dims, final double[] spacing) {
		final int n = checkedSize(dims, f.length);
		final double[] s = checkedSpacing(spacing, dims.length);
		int maxLen = 1;
		for (final int d : dims)
			maxLen = Math.max(maxLen, d);
		final double[] line = new double[maxLen];
		final double[] out = new double[maxLen];
		final int[] v = new int[maxLen];
		final double[] z = new double[maxLen + 1];
		int stride = 1;
		for (int axis = 0; axis < dims.length; axis++) {
			final int len = dims[axis];
			final int block = stride * len;
			if (len > 1) {
				for (int outer = 0; outer < n; outer += block) {
					for (int inner = 0; inner < stride; inner++) {
						final int base = outer + inner;
						for (int p = 0, i = base; p < len; p++, i += stride)
							line[p] = f[i];
						envelope1D(line, len, s[axis], out, v, z);
						for (int p = 0, i = base; p < len; p++, i += stride)
							f[i] = out[p];
					}
				}
			}
			stride = block;
		}
	}

	/**
	 * One-dimensional squared-distance transform of {@code f[0..len)} with sample
	 * spacing {@code s}: {@code out[p] = min_q f[q] + (s·(p - q))²}. Infinite
	 * samples take no part in the envelope; if all are infinite, so is the
	 * output.
	 */
	static void envelope1D(final double[] f, final int len, final double s, final double[] out, final int[] v,
		final double[] z)
	{
		int k = -1; // index of the rightmost parabola in the envelope
		for (int q = 0; q < len; q++) {
			final double fq = f[q];
			if (fq == Double.POSITIVE_INFINITY) continue;
			if (k < 0) {
				k = 0;
				v[0] = q;
				z[0] = Double.NEGATIVE_INFINITY;
				z[1] = Double.POSITIVE_INFINITY;
				continue;
			}
			final double xq = q * s;
			double sect;
			while (true) {
				final int vk = v[k];
				final double xv = vk * s;
				// abscissa where the parabolas of q and v[k] meet; xq > xv
				sect = 0.5 * ((fq - f[vk]) / (xq - xv) + (xq + xv));
				// z[0] is -inf, so the first parabola is never removed and k stays >= 0
				if (sect <= z[k]) k--;
				else break;
			}
			k++;
			v[k] = q;
			z[k] = sect;
			z[k + 1] = Double.POSITIVE_INFINITY;
		}
		if (k < 0) {
			Arrays.fill(out, 0, len, Double.POSITIVE_INFINITY);
			return;
		}
		int j = 0;
		for (int p = 0; p < len; p++) {
			final double xp = p * s;
			while (z[j + 1] < xp)
				j++;
			final int vj = v[j];
			final double d = (p - vj) * s;
			out[p] = d * d + f[vj];
		}
	}

	private static double[] sqrtInPlace(final double[] a) {
		for (int i = 0; i < a.length; i++)
			a[i] = Math.sqrt(a[i]);
		return a;
	}

	/** @return the number of voxels; checks the dims and the array length */
	static int checkedSize(final int[] dims, final int length) {
		final int n = voxelCount(dims);
		if (n != length) {
			throw new IllegalArgumentException("array length " + length + " does not match dims " + Arrays.toString(dims) +
				" (" + n + " voxels)");
		}
		return n;
	}

	/** @return the number of voxels of an image of size dims; checks the dims */
	static int voxelCount(final int[] dims) {
		if (dims == null || dims.length == 0) throw new IllegalArgumentException("dims must name at least one axis");
		long n = 1;
		for (final int d : dims) {
			if (d < 1) throw new IllegalArgumentException("every dimension must be at least 1: " + Arrays.toString(dims));
			n *= d;
			if (n > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("image too large for flat arrays: " + Arrays.toString(dims));
			}
		}
		return (int) n;
	}

	/** @return the spacing, or unit spacing for {@code null}; checks it */
	static double[] checkedSpacing(final double[] spacing, final int nDims) {
		if (spacing == null) {
			final double[] s = new double[nDims];
			Arrays.fill(s, 1.0);
			return s;
		}
		if (spacing.length != nDims) {
			throw new IllegalArgumentException("spacing " + Arrays.toString(spacing) + " has " + spacing.length +
				" axes, the image has " + nDims);
		}
		for (final double x : spacing) {
			if (!(x > 0) || Double.isInfinite(x)) {
				throw new IllegalArgumentException("spacing must be positive and finite: " + Arrays.toString(spacing));
			}
		}
		return spacing.clone();
	}
}
