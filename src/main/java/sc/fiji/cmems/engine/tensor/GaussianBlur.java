package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Gaussian blur of a single-channel batch {@code (B, 1, H, W)} with one sigma
 * per sample, as two separable grouped convolutions on the batch's device.
 * <p>
 * Borders are handled by normalised convolution (the blurred image divided by
 * the blurred all-ones image), so edges keep their brightness instead of
 * fading towards the zero padding. A sigma of 0 leaves a sample unchanged.
 */
public final class GaussianBlur {

	private GaussianBlur() {}

	/**
	 * @param images {@code (B, C, H, W)} float batch
	 * @param sigmas one standard deviation in pixels per sample (0 = no blur), for all its channels
	 * @return the blurred batch
	 */
	public static NDArray apply(final NDArray images, final float[] sigmas) {
		final long[] s = images.getShape().getShape();
		if (s[1] != 1) { // each channel on its own, with its sample's sigma
			final int c = (int) s[1];
			final float[] perChannel = new float[sigmas.length * c];
			for (int i = 0; i < perChannel.length; i++) perChannel[i] = sigmas[i / c];
			return apply(images.reshape(s[0] * c, 1, s[2], s[3]), perChannel).reshape(s);
		}
		final int batch = (int) s[0];
		if (sigmas.length != batch) throw new IllegalArgumentException(sigmas.length + " sigmas for " + batch + " samples");
		float maxSigma = 0;
		for (final float sigma : sigmas) maxSigma = Math.max(maxSigma, sigma);
		if (maxSigma == 0f) return images.duplicate();
		final int radius = (int) Math.ceil(3 * maxSigma);
		final int size = 2 * radius + 1;
		final float[] kernels = new float[batch * size];
		for (int b = 0; b < batch; b++) gaussian(sigmas[b], radius, kernels, b * size);
		final NDArray k = images.getManager().create(kernels, new Shape(batch, 1, 1, size));
		final NDArray grouped = images.reshape(1, batch, s[2], s[3]);
		final NDArray ones = grouped.onesLike();
		final NDArray blurred = separable(grouped, k, radius, batch);
		final NDArray norm = separable(ones, k, radius, batch);
		return blurred.div(norm).reshape(s);
	}

	private static NDArray separable(final NDArray x, final NDArray kernelX, final int radius, final int groups) {
		final NDArray kernelY = kernelX.transpose(0, 1, 3, 2);
		final NDArray h = Conv2d.conv2d(x, kernelX, null, new Shape(1, 1), new Shape(0, radius), new Shape(1, 1), groups)
			.singletonOrThrow();
		return Conv2d.conv2d(h, kernelY, null, new Shape(1, 1), new Shape(radius, 0), new Shape(1, 1), groups)
			.singletonOrThrow();
	}

	/** Writes a normalised Gaussian (or a unit impulse for sigma 0) of the given radius. */
	static void gaussian(final float sigma, final int radius, final float[] out, final int offset) {
		if (sigma <= 0f) {
			out[offset + radius] = 1f;
			return;
		}
		double sum = 0;
		for (int i = -radius; i <= radius; i++) sum += Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = -radius; i <= radius; i++)
			out[offset + i + radius] = (float) (Math.exp(-0.5 * i * i / (sigma * sigma)) / sum);
	}
}
