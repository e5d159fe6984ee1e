package sc.fiji.cmems.phantom;

import java.util.SplittableRandom;

/**
 * Smooth random fields on the pixel grid: value noise on a regular lattice,
 * interpolated with a smoothstep, values in [-1, 1].
 */
final class SmoothNoise {

	private SmoothNoise() {}

	/**
	 * Adds {@code weight} times a value-noise field with lattice spacing
	 * {@code cell} pixels to {@code out} (row-major, {@code w * h}). The lattice
	 * is rotated and offset at random so that its axes do not show.
	 */
	static void add(float[] out, int w, int h, double cell, double weight, SplittableRandom rng) {
		cell = Math.max(cell, 1.0);
		double angle = 2 * Math.PI * rng.nextDouble();
		double ca = Math.cos(angle) / cell, sa = Math.sin(angle) / cell;
		double ox = rng.nextDouble(), oy = rng.nextDouble();
		long salt = rng.nextLong();
		// Lattice covering the rotated image
		double[] xs = { 0, w, 0, w }, ys = { 0, 0, h, h };
		double minU = Double.MAX_VALUE, minV = Double.MAX_VALUE, maxU = -Double.MAX_VALUE,
			maxV = -Double.MAX_VALUE;
		for (int k = 0; k < 4; k++) {
			double u = xs[k] * ca + ys[k] * sa + ox, v = -xs[k] * sa + ys[k] * ca + oy;
			minU = Math.min(minU, u);
			maxU = Math.max(maxU, u);
			minV = Math.min(minV, v);
			maxV = Math.max(maxV, v);
		}
		int i0 = (int) Math.floor(minU) - 1, j0 = (int) Math.floor(minV) - 1;
		int nx = (int) Math.floor(maxU) - i0 + 3, ny = (int) Math.floor(maxV) - j0 + 3;
		float[] lattice = new float[nx * ny];
		SplittableRandom lr = new SplittableRandom(salt);
		for (int i = 0; i < lattice.length; i++) {
			lattice[i] = (float) (2 * lr.nextDouble() - 1);
		}
		float fw = (float) weight;
		for (int y = 0; y < h; y++) {
			double py = y + 0.5;
			for (int x = 0; x < w; x++) {
				double px = x + 0.5;
				double u = px * ca + py * sa + ox - i0, v = -px * sa + py * ca + oy - j0;
				int i = (int) u, j = (int) v;
				float tu = (float) (u - i), tv = (float) (v - j);
				tu = tu * tu * (3 - 2 * tu);
				tv = tv * tv * (3 - 2 * tv);
				int o = j * nx + i;
				float a = lattice[o] + tu * (lattice[o + 1] - lattice[o]);
				float b = lattice[o + nx] + tu * (lattice[o + nx + 1] - lattice[o + nx]);
				out[y * w + x] += fw * (a + tv * (b - a));
			}
		}
	}

	/** Separable Gaussian blur of a {@code w * h} image in place; edges clamped. */
	static void gaussianBlur(float[] data, int w, int h, double sigma) {
		if (!(sigma > 0.05)) return;
		int r = (int) Math.ceil(3 * sigma);
		float[] k = new float[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) {
			double v = Math.exp(-0.5 * i * i / (sigma * sigma));
			k[i + r] = (float) v;
			sum += v;
		}
		for (int i = 0; i < k.length; i++) {
			k[i] /= sum;
		}
		float[] line = new float[Math.max(w, h) + 2 * r];
		// Rows
		for (int y = 0; y < h; y++) {
			int o = y * w;
			for (int i = 0; i < w + 2 * r; i++) {
				int x = Math.min(w - 1, Math.max(0, i - r));
				line[i] = data[o + x];
			}
			for (int x = 0; x < w; x++) {
				float acc = 0;
				for (int i = 0; i < k.length; i++) {
					acc += k[i] * line[x + i];
				}
				data[o + x] = acc;
			}
		}
		// Columns
		for (int x = 0; x < w; x++) {
			for (int i = 0; i < h + 2 * r; i++) {
				int y = Math.min(h - 1, Math.max(0, i - r));
				line[i] = data[y * w + x];
			}
			for (int y = 0; y < h; y++) {
				float acc = 0;
				for (int i = 0; i < k.length; i++) {
					acc += k[i] * line[y + i];
				}
				data[y * w + x] = acc;
			}
		}
	}
}
