package sc.fiji.cmems.engine.perturb;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

import sc.fiji.cmems.engine.tensor.GaussianBlur;
import sc.fiji.cmems.engine.tensor.PerSample;

/**
 * The photometric part of the strong perturbation {@code A_s}:
 * brightness/contrast jitter and Gaussian blur, drawn per sample. Being
 * photometric it keeps every pixel where it was, so pseudo-labels computed on
 * the weak view stay valid for the strong view. (CutMix, the geometric-mixing
 * part, is {@link CutMix}.)
 */
public final class StrongAugmentation {

	private final AugmentationSettings settings;

	public StrongAugmentation(final AugmentationSettings settings) {
		this.settings = settings;
	}

	/**
	 * @param images {@code (B, C, H, W)} weak views with intensities in [0, 1] (one brightness, contrast and blur per sample, over its channels)
	 * @return the strong views, clipped to [0, 1]
	 */
	public NDArray apply(final NDArray images, final SplittableRandom random) {
		final int batch = (int) images.getShape().get(0);
		final float[] brightness = new float[batch], contrast = new float[batch], sigma = new float[batch];
		final double s = settings.jitterStrength;
		for (int b = 0; b < batch; b++) {
			final boolean jitter = random.nextDouble() < settings.jitterProbability;
			brightness[b] = jitter ? (float) (1 - s + 2 * s * random.nextDouble()) : 1f;
			contrast[b] = jitter ? (float) (1 - s + 2 * s * random.nextDouble()) : 1f;
			final boolean blur = random.nextDouble() < settings.blurProbability;
			sigma[b] = blur ? (float) (settings.blurSigma[0] + (settings.blurSigma[1] - settings.blurSigma[0]) * random.nextDouble()) : 0f;
		}
		final NDManager m = images.getManager();
		final Shape perSample = new Shape(batch, 1, 1, 1);
		final NDArray bright = images.mul(m.create(brightness, perSample));
		final NDArray mean = PerSample.mean(bright);
		final NDArray jittered = bright.sub(mean).mul(m.create(contrast, perSample)).add(mean).clip(0f, 1f);
		return GaussianBlur.apply(jittered, sigma).clip(0f, 1f);
	}
}
