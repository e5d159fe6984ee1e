package sc.fiji.cmems.engine.loss;

import ai.djl.ndarray.NDArray;

import java.util.List;

import sc.fiji.cmems.engine.tensor.AutogradSafe;

/**
 * CAML's losses (Gao et al., MICCAI 2023; METHODS.md), checked against PyTorch in {@code LossParityTest}
 * ({@code bench/pytorch/losses_reference.py}).
 */
public final class CorrelationLosses {

	private static final float LOG_EPSILON = 1e-8f;

	private CorrelationLosses() {}

	/**
	 * @return {@code p^(1/T) / sum_c p_c^(1/T)} over the class axis 1: the original's binary
	 *         {@code p^(1/T) / (p^(1/T) + (1 - p)^(1/T))} for C classes
	 */
	public static NDArray sharpen(final NDArray probabilities, final double temperature) {
		final NDArray powered;
		try (NDArray exponent = AutogradSafe.scalar(probabilities, (float) (1 / temperature))) { // the backward pass reads it
			powered = probabilities.pow(exponent);
		}
		return powered.div(powered.sum(new int[] { 1 }, true));
	}

	/**
	 * The mutual consistency: {@code sum over i != j of mean((p_i - sharpen(p_j))^2)}.
	 *
	 * @param probabilities each network's softmax maps {@code (B, C, H, W)}
	 * @param detachTargets whether the sharpened maps are constants (the original lets gradients through them)
	 */
	public static NDArray sharpenedConsistency(final List<NDArray> probabilities, final double temperature, final boolean detachTargets) {
		NDArray total = null;
		for (int j = 0; j < probabilities.size(); j++) {
			NDArray target = sharpen(probabilities.get(j), temperature);
			if (detachTargets) target = target.stopGradient();
			for (int i = 0; i < probabilities.size(); i++) {
				if (i == j) continue;
				final NDArray term = probabilities.get(i).sub(target).square().mean();
				total = total == null ? term : total.add(term);
			}
		}
		return total;
	}

	/**
	 * @param embeddings {@code (N, D)} embeddings of unlabeled pixels
	 * @param memory {@code (M, D)} embeddings of labeled pixels (constants)
	 * @return each row's correlation with the memory: {@code softmax(embeddings memory^T / temperature)} over the memory,
	 *         {@code (N, M)}
	 */
	public static NDArray correlation(final NDArray embeddings, final NDArray memory, final double temperature) {
		return AutogradSafe.mul(embeddings.matMul(memory.transpose()), (float) (1 / temperature)).softmax(1);
	}

	/** @return the omni-correlation consistency {@code mean over rows of -sum corrA log(corrV + 1e-8)} */
	public static NDArray omniCorrelation(final NDArray correlationV, final NDArray correlationA) {
		return correlationA.mul(correlationV.add(LOG_EPSILON).log()).sum(new int[] { 1 }).neg().mean();
	}

	/**
	 * CAML's supervised soft Dice: {@code 1 - (2 sum p y + e) / (sum p + sum y + e)} of each foreground class over the
	 * batch, {@code e = 1e-8}, averaged over the foreground classes (the original's binary form for C classes).
	 *
	 * @param labels {@code (B, H, W)}
	 * @param weights {@code (B, H, W)}: pixels of weight 0 are not counted
	 */
	public static NDArray foregroundDice(final NDArray logits, final NDArray labels, final NDArray weights) {
		final int classes = (int) logits.getShape().get(1);
		final NDArray w = weights.expandDims(1);
		final NDArray p = logits.softmax(1).mul(w).get(":, 1:");
		final NDArray y = SegmentationLoss.oneHot(labels, classes).mul(w).get(":, 1:");
		final int[] axes = { 0, 2, 3 };
		final NDArray ratio = AutogradSafe.mul(p.mul(y).sum(axes), 2f).add(LOG_EPSILON).div(p.sum(axes).add(y.sum(axes)).add(LOG_EPSILON));
		return ratio.neg().add(1f).mean();
	}
}
