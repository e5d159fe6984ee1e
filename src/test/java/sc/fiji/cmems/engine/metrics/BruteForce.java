package sc.fiji.cmems.engine.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Slow, obviously-correct reference implementations for the tests: every
 * distance is a minimum over all candidate voxels, surfaces come from explicit
 * coordinates.
 */
final class BruteForce {

	private BruteForce() {}

	static int size(final int[] dims) {
		int n = 1;
		for (final int d : dims)
			n *= d;
		return n;
	}

	static int[] coords(int index, final int[] dims) {
		final int[] c = new int[dims.length];
		for (int d = 0; d < dims.length; d++) {
			c[d] = index % dims[d];
			index /= dims[d];
		}
		return c;
	}

	static int index(final int[] c, final int[] dims) {
		int i = 0;
		for (int d = dims.length - 1; d >= 0; d--)
			i = i * dims[d] + c[d];
		return i;
	}

	static double distance(final int[] a, final int[] b, final double[] spacing) {
		double s = 0;
		for (int d = 0; d < a.length; d++) {
			final double x = (a[d] - b[d]) * (spacing == null ? 1 : spacing[d]);
			s += x * x;
		}
		return Math.sqrt(s);
	}

	/** Squared distance from every voxel to the nearest feature; +inf if none. */
	static double[] squaredEdt(final boolean[] feature, final int[] dims, final double[] spacing) {
		final int n = size(dims);
		final double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			final int[] ci = coords(i, dims);
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < n; j++) {
				if (!feature[j]) continue;
				final int[] cj = coords(j, dims);
				double d2 = 0;
				for (int d = 0; d < dims.length; d++) {
					final double x = (ci[d] - cj[d]) * (spacing == null ? 1 : spacing[d]);
					d2 += x * x;
				}
				best = Math.min(best, d2);
			}
			out[i] = best;
		}
		return out;
	}

	/** Mask voxel with a face neighbour outside the image or outside the mask. */
	static boolean[] surface(final boolean[] mask, final int[] dims) {
		final int n = size(dims);
		final boolean[] s = new boolean[n];
		for (int i = 0; i < n; i++) {
			if (!mask[i]) continue;
			final int[] c = coords(i, dims);
			for (int d = 0; d < dims.length && !s[i]; d++) {
				for (int step = -1; step <= 1; step += 2) {
					final int[] nb = c.clone();
					nb[d] += step;
					if (nb[d] < 0 || nb[d] >= dims[d] || !mask[index(nb, dims)]) s[i] = true;
				}
			}
		}
		return s;
	}

	/** For each surface voxel of from (ascending index), min distance to the surface of to. */
	static double[] directed(final boolean[] from, final boolean[] to, final int[] dims, final double[] spacing) {
		final boolean[] fs = surface(from, dims);
		final boolean[] ts = surface(to, dims);
		final List<Double> out = new ArrayList<>();
		for (int i = 0; i < fs.length; i++) {
			if (!fs[i]) continue;
			double best = Double.POSITIVE_INFINITY;
			for (int j = 0; j < ts.length; j++)
				if (ts[j]) best = Math.min(best, distance(coords(i, dims), coords(j, dims), spacing));
			out.add(best);
		}
		return out.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/** numpy.percentile, linear method, textbook formula. */
	static double percentile(final double[] values, final double percent) {
		final double[] a = values.clone();
		Arrays.sort(a);
		final double h = (a.length - 1) * percent / 100.0;
		final int lo = (int) Math.floor(h);
		final int hi = Math.min(lo + 1, a.length - 1);
		return a[lo] + (h - lo) * (a[hi] - a[lo]);
	}

	static double hd95(final boolean[] p, final boolean[] g, final int[] dims, final double[] spacing) {
		final double[] a = directed(p, g, dims, spacing);
		final double[] b = directed(g, p, dims, spacing);
		final double[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return percentile(all, 95);
	}

	static double asd(final boolean[] p, final boolean[] g, final int[] dims, final double[] spacing) {
		final double[] a = directed(p, g, dims, spacing);
		double s = 0;
		for (final double v : a)
			s += v;
		return s / a.length;
	}

	static boolean[] randomMask(final Random r, final int n, final double density) {
		final boolean[] m = new boolean[n];
		for (int i = 0; i < n; i++)
			m[i] = r.nextDouble() < density;
		return m;
	}

	/** A random blob: union of a few random boxes, so surfaces have interiors. */
	static boolean[] randomBlobs(final Random r, final int[] dims, final int boxes) {
		final boolean[] m = new boolean[size(dims)];
		for (int b = 0; b < boxes; b++) {
			final int[] lo = new int[dims.length];
			final int[] hi = new int[dims.length];
			for (int d = 0; d < dims.length; d++) {
				lo[d] = r.nextInt(dims[d]);
				hi[d] = Math.min(dims[d] - 1, lo[d] + r.nextInt(Math.max(1, dims[d] / 2 + 1)));
			}
			for (int i = 0; i < m.length; i++) {
				final int[] c = coords(i, dims);
				boolean in = true;
				for (int d = 0; d < dims.length; d++)
					in &= c[d] >= lo[d] && c[d] <= hi[d];
				if (in) m[i] = true;
			}
		}
		return m;
	}

	static boolean any(final boolean[] m) {
		for (final boolean b : m)
			if (b) return true;
		return false;
	}
}
