package sc.fiji.cmems.io.imagej;

import ij.ImagePlus;
import ij.process.LUT;

/**
 * A colour table for label images in the spirit of Glasbey et al. (2007):
 * label 0 (background) black, and every other label the colour farthest (in
 * CIELAB) from all colours before it, among mid-light saturated colours, so
 * neighbouring labels are always easy to tell apart. Deterministic; computed
 * once.
 */
public final class LabelLut {

	private static volatile LUT lut;

	private LabelLut() {}

	/** @return the 256-entry colour table */
	public static LUT get() {
		LUT l = lut;
		if (l == null) {
			final byte[][] rgb = compute();
			l = new LUT(rgb[0], rgb[1], rgb[2]);
			lut = l;
		}
		return (LUT) l.clone();
	}

	/** Gives a label image the colour table, with a display range mapping each label to its own colour. */
	public static void apply(final ImagePlus labels) {
		labels.setLut(get());
		labels.setDisplayRange(0, 255);
	}

	/** @return red, green, blue of 256 labels */
	static byte[][] compute() {
		final int levels = 24;
		final int n = levels * levels * levels;
		final double[][] lab = new double[n][];
		final int[] rgb = new int[n];
		int count = 0;
		for (int r = 0; r < levels; r++)
			for (int g = 0; g < levels; g++)
				for (int b = 0; b < levels; b++) {
					final int ri = r * 255 / (levels - 1), gi = g * 255 / (levels - 1), bi = b * 255 / (levels - 1);
					final double[] c = lab(ri, gi, bi);
					if (c[0] < 35 || c[0] > 90) continue; // neither too dark on black nor washed out
					lab[count] = c;
					rgb[count++] = (ri << 16) | (gi << 8) | bi;
				}
		final double[] nearest = new double[count];
		final double[] black = lab(0, 0, 0);
		for (int i = 0; i < count; i++) nearest[i] = distance(lab[i], black);
		final byte[][] out = new byte[3][256];
		for (int label = 1; label < 256; label++) {
			int best = 0;
			for (int i = 1; i < count; i++)
				if (nearest[i] > nearest[best]) best = i;
			out[0][label] = (byte) (rgb[best] >> 16);
			out[1][label] = (byte) (rgb[best] >> 8);
			out[2][label] = (byte) rgb[best];
			for (int i = 0; i < count; i++) nearest[i] = Math.min(nearest[i], distance(lab[i], lab[best]));
		}
		return out;
	}

	private static double distance(final double[] a, final double[] b) {
		final double dl = a[0] - b[0], da = a[1] - b[1], db = a[2] - b[2];
		return dl * dl + da * da + db * db;
	}

	/** sRGB (0..255) to CIELAB, D65. */
	static double[] lab(final int r, final int g, final int b) {
		final double rl = linear(r), gl = linear(g), bl = linear(b);
		final double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
		final double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
		final double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
		final double fx = f(x), fy = f(y), fz = f(z);
		return new double[] { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
	}

	private static double linear(final int c) {
		final double v = c / 255.0;
		return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}

	private static double f(final double t) {
		return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
	}
}
