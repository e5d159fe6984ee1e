package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

import sc.fiji.cmems.engine.tensor.PerSample;

/**
 * The three feature perturbations of the auxiliary heads (URPC / CMEMS
 * multi-level feature perturbation). Random draws use the engine's generator,
 * which the training loop seeds per iteration.
 */
public final class FeaturePerturbation {

	private FeaturePerturbation() {}

	/** Element-wise dropout with rate {@code p} (scaled by {@code 1/(1-p)}). */
	public static NDArray dropout(final NDArray features, final float p) {
		return Dropout.dropout(features, p, true).singletonOrThrow();
	}

	/**
	 * Feature dropout: per sample, zeroes the positions whose channel-mean
	 * activation reaches {@code max * U(low, high)}, hiding the most salient
	 * regions.
	 */
	public static NDArray featureDropout(final NDArray features, final float low, final float high) {
		final long batch = features.getShape().get(0);
		final NDArray attention = features.mean(new int[] { 1 }, true);
		final NDArray max = PerSample.max(attention);
		final NDArray factor = features.getManager().randomUniform(low, high, new Shape(batch, 1, 1, 1));
		final NDArray keep = attention.lt(max.mul(factor)).toType(features.getDataType(), false);
		return features.mul(keep);
	}

	/** Multiplicative uniform noise: {@code x + x * U(-a, a)}, element-wise. */
	public static NDArray noise(final NDArray features, final float amplitude) {
		final NDArray u = features.getManager().randomUniform(-amplitude, amplitude, features.getShape());
		return features.add(features.mul(u));
	}
}
