package sc.fiji.cmems.engine.loss;

import ai.djl.ndarray.NDArray;

/** Which loss compares a student's prediction with pseudo-labels. */
public enum UnlabeledLoss {
	/** Cross-entropy over confident pixels, divided by all pixels. */
	CE,
	/** Soft Dice over confident pixels. */
	DICE,
	/** {@code 0.5 * (CE + Dice)}, as the supervised loss. */
	CE_DICE;

	/**
	 * @param logits student logits {@code (B, C, H, W)}
	 * @param pseudoLabels teacher labels {@code (B, H, W)}
	 * @param mask {@code (B, H, W)}: 1 where the teacher is confident enough, else 0
	 */
	public NDArray compute(final NDArray logits, final NDArray pseudoLabels, final NDArray mask) {
		switch (this) {
			case CE:
				return SegmentationLoss.crossEntropy(logits, pseudoLabels, mask, false);
			case DICE:
				return SegmentationLoss.dice(logits, pseudoLabels, mask);
			default:
				return SegmentationLoss.combined(SegmentationLoss.crossEntropy(logits, pseudoLabels, mask, false),
					SegmentationLoss.dice(logits, pseudoLabels, mask));
		}
	}
}
