package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;

/**
 * Per-sample reductions of a batch {@code (B, ...)} to {@code (B, 1, 1, 1)}.
 * (DJL's PyTorch engine reduces {@code mean} and {@code max} over one axis
 * only, so the sample is flattened first.)
 */
public final class PerSample {

	private PerSample() {}

	/** @return the mean of each sample, shaped {@code (B, 1, 1, 1)} */
	public static NDArray mean(final NDArray x) {
		return flat(x).mean(new int[] { 1 }).reshape(x.getShape().get(0), 1, 1, 1);
	}

	/** @return the maximum of each sample, shaped {@code (B, 1, 1, 1)} */
	public static NDArray max(final NDArray x) {
		return flat(x).max(new int[] { 1 }).reshape(x.getShape().get(0), 1, 1, 1);
	}

	/** @return the (population) standard deviation of each sample, shaped {@code (B, 1, 1, 1)} */
	public static NDArray std(final NDArray x) {
		return mean(x.sub(mean(x)).square()).sqrt();
	}

	private static NDArray flat(final NDArray x) {
		return x.reshape(x.getShape().get(0), -1);
	}
}
