package sc.fiji.cmems.engine.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import sc.fiji.cmems.engine.tensor.AutogradSafe;

/**
 * Pixel-weighted segmentation losses on logits {@code (B, C, H, W)} against
 * integer labels {@code (B, H, W)}. A weight of 0 removes a pixel from the
 * loss entirely (unknown label, low-confidence pseudo-label); it never turns
 * it into background.
 */
public final class SegmentationLoss {

	private static final float DICE_SMOOTH = 1e-5f;

	private SegmentationLoss() {}

	/**
	 * Cross-entropy averaged over weighted pixels.
	 *
	 * @param weights {@code (B, H, W)} pixel weights
	 * @param perWeight if true the sum is divided by the total weight (mean over
	 *          known pixels); if false by the number of pixels, so that a
	 *          loss over few confident pixels also weighs little
	 */
	public static NDArray crossEntropy(final NDArray logits, final NDArray labels, final NDArray weights,
		final boolean perWeight)
	{
		final NDArray sum = perPixelCrossEntropy(logits, labels).mul(weights).sum();
		final NDArray denominator = perWeight ? weights.sum().maximum(1f) : weights.onesLike().sum();
		return sum.div(denominator);
	}

	/**
	 * Soft Dice loss ({@code 1 - mean over classes} of
	 * {@code (2 sum(p y) + e) / (sum(p^2) + sum(y) + e)}, the V-Net form used
	 * by SSL4MIS), on weighted pixels, over the whole batch.
	 */
	public static NDArray dice(final NDArray logits, final NDArray labels, final NDArray weights) {
		final int classes = (int) logits.getShape().get(1);
		final NDArray p = logits.softmax(1);
		final NDArray y = oneHot(labels, classes);
		final NDArray w = weights.expandDims(1);
		final int[] axes = { 0, 2, 3 };
		final NDArray intersection = p.mul(y).mul(w).sum(axes);
		final NDArray predicted = p.mul(p).mul(w).sum(axes);
		final NDArray truth = y.mul(w).sum(axes);
		final NDArray dice = AutogradSafe.mul(intersection, 2f).add(DICE_SMOOTH).div(predicted.add(truth).add(DICE_SMOOTH));
		return dice.mean().neg().add(1f);
	}

	/** @return the cross-entropy of each pixel {@code (B, H, W)} of logits {@code (B, C, H, W)} against labels {@code (B, H, W)} */
	public static NDArray perPixelCrossEntropy(final NDArray logits, final NDArray labels) {
		return logits.logSoftmax(1).mul(oneHot(labels, (int) logits.getShape().get(1))).sum(new int[] { 1 }).neg();
	}

	/** @return the cross-entropy against soft targets {@code (B, C, H, W)} (probabilities), averaged over pixels */
	public static NDArray softCrossEntropy(final NDArray logits, final NDArray targets) {
		return logits.logSoftmax(1).mul(targets).sum(new int[] { 1 }).neg().mean();
	}

	/**
	 * Soft Dice loss against soft targets {@code (B, C, H, W)}: {@code 1 - mean
	 * over classes} of {@code (2 sum(p t) + e) / (sum(p^2) + sum(t^2) + e)} (SSL4MIS's
	 * form; for one-hot targets the same as {@link #dice} with unit weights).
	 */
	public static NDArray softDice(final NDArray logits, final NDArray targets) {
		final NDArray p = logits.softmax(1);
		final int[] axes = { 0, 2, 3 };
		final NDArray intersection = p.mul(targets).sum(axes);
		final NDArray dice = AutogradSafe.mul(intersection, 2f).add(DICE_SMOOTH).div(p.mul(p).sum(axes).add(targets.mul(targets).sum(axes)).add(DICE_SMOOTH));
		return dice.mean().neg().add(1f);
	}

	/** @return {@code 0.5 * (ce + dice)}: how CMEMS combines the two losses, supervised and unlabeled */
	public static NDArray combined(final NDArray ce, final NDArray dice) {
		return AutogradSafe.mul(ce.add(dice), 0.5f);
	}

	/** @return {@code (B, C, H, W)} float one-hot encoding of {@code (B, H, W)} labels */
	public static NDArray oneHot(final NDArray labels, final int classes) {
		return labels.toType(DataType.INT64, false).oneHot(classes).transpose(0, 3, 1, 2).toType(DataType.FLOAT32, false);
	}
}
