package sc.fiji.cmems.engine.perturb;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * A labeled sample deformed as if one of its structures had contracted: around the centroid of a structure chosen at
 * random, the structure shrinks by a factor {@code a} and the ring around it (out to {@code reach} times its radius)
 * stretches to meet the unchanged image beyond. For a heart with the left ventricle chosen, this is what systole does
 * to a diastolic exemplar: a smaller cavity inside a thicker wall, which neither a global scale nor an elastic
 * deformation makes. The radial map, from the output's radius {@code r} to the source's {@code R}, with {@code R0} the
 * structure's radius (of a disc of its area) and {@code R1 = reach R0}:
 * {@code R = r / a} for {@code r <= a R0}; linear from {@code R0} to {@code R1} for {@code a R0 < r <= R1}; {@code R = r}
 * beyond. The displacement field goes to {@code Warp}: images bilinear, labels nearest.
 */
public final class StructureContraction {

	private final AugmentationSettings settings;

	public StructureContraction(final AugmentationSettings settings) {
		this.settings = settings;
	}

	/** @return whether it deforms anything (no random numbers are drawn when it does not) */
	public boolean enabled() {
		return settings.contractionProbability > 0;
	}

	/**
	 * @param labels the samples' labels {@code (B, H, W)} as read back to Java, row by row
	 * @return source offsets {@code (B, 2, H, W)} in pixels (x first), zero for the samples left as they are
	 */
	public NDArray displacement(final NDManager manager, final SplittableRandom random, final int[] labels, final int batch, final int height,
		final int width, final int classes)
	{
		final float[] d = new float[batch * 2 * height * width];
		final int plane = height * width;
		for (int b = 0; b < batch; b++) {
			if (random.nextDouble() >= settings.contractionProbability) continue;
			// the structures present, their areas and centroids
			final double[] area = new double[classes], cx = new double[classes], cy = new double[classes];
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					final int c = labels[b * plane + y * width + x];
					if (c <= 0 || c >= classes) continue;
					area[c]++;
					cx[c] += x;
					cy[c] += y;
				}
			int present = 0;
			for (int c = 1; c < classes; c++) if (area[c] > 0) present++;
			final double a = settings.contractionRange[0] + random.nextDouble() * (settings.contractionRange[1] - settings.contractionRange[0]);
			if (present == 0) continue;
			int chosen = random.nextInt(present);
			int c = 1;
			for (; c < classes; c++) if (area[c] > 0 && chosen-- == 0) break;
			final double x0 = cx[c] / area[c], y0 = cy[c] / area[c];
			final double r0 = Math.sqrt(area[c] / Math.PI), r1 = settings.contractionReach * r0;
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					final double dx = x - x0, dy = y - y0, r = Math.sqrt(dx * dx + dy * dy);
					if (r >= r1 || r == 0) continue;
					final double source = r <= a * r0 ? r / a : r0 + (r - a * r0) * (r1 - r0) / (r1 - a * r0);
					final double k = source / r - 1;
					d[((b * 2) * height + y) * width + x] = (float) (dx * k);
					d[((b * 2 + 1) * height + y) * width + x] = (float) (dy * k);
				}
		}
		return manager.create(d, new Shape(batch, 2, height, width));
	}
}
