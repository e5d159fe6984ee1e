package sc.fiji.cmems.engine.perturb;

import java.util.SplittableRandom;

/**
 * The weak geometric perturbation {@code A_w}: a random rot90 + flip, else a
 * small rotation, else nothing (the SSL4MIS random generator). It draws one
 * output-to-source matrix per sample for {@link sc.fiji.cmems.engine.tensor.Warp};
 * images are then sampled bilinearly and labels with nearest neighbour, with
 * the same matrix, so they stay aligned.
 */
public final class WeakAugmentation {

	private final AugmentationSettings settings;

	public WeakAugmentation(final AugmentationSettings settings) {
		this.settings = settings;
	}

	/**
	 * @param count number of samples
	 * @param size image side length (square images)
	 * @return {@code count} rows {@code a00 a01 a02 a10 a11 a12}
	 */
	public float[][] drawMatrices(final SplittableRandom random, final int count, final int size) {
		final float[][] m = new float[count][];
		for (int i = 0; i < count; i++) m[i] = draw(random, size);
		return m;
	}

	private float[] draw(final SplittableRandom random, final int size) {
		final double u = random.nextDouble();
		final double c = (size - 1) / 2.0;
		if (u < settings.rotFlipProbability) {
			// exact integer rotation by k * 90 degrees, then an optional flip of x or y
			final int k = random.nextInt(4);
			final int flip = random.nextInt(2);
			final int[] cs = { 1, 0, -1, 0 }, sn = { 0, 1, 0, -1 };
			int a00 = cs[k], a01 = -sn[k], a10 = sn[k], a11 = cs[k];
			if (flip == 0) { a00 = -a00; a01 = -a01; } // mirror the source x
			else { a10 = -a10; a11 = -a11; } // mirror the source y
			return centred(a00, a01, a10, a11, c);
		}
		if (u < settings.rotFlipProbability + settings.rotateProbability) {
			final double angle = Math.toRadians((2 * random.nextDouble() - 1) * settings.maxRotationDegrees);
			final double cos = Math.cos(angle), sin = Math.sin(angle);
			return centred(cos, -sin, sin, cos, c);
		}
		return centred(1, 0, 0, 1, c);
	}

	/** @return the matrix of {@code src = R (p - c) + c} */
	static float[] centred(final double a00, final double a01, final double a10, final double a11, final double c) {
		return new float[] { (float) a00, (float) a01, (float) (c - a00 * c - a01 * c), (float) a10, (float) a11,
			(float) (c - a10 * c - a11 * c) };
	}
}
