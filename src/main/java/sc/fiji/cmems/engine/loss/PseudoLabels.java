package sc.fiji.cmems.engine.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

import java.util.Collections;

import sc.fiji.cmems.engine.tensor.Scope;

/**
 * A teacher's hard labels and confidences, computed from its logits without
 * gradient: {@code label = argmax softmax}, {@code confidence = max softmax}.
 */
public final class PseudoLabels implements AutoCloseable {

	private final NDArray labels;
	private final NDArray confidence;

	public PseudoLabels(final NDArray labels, final NDArray confidence) {
		this.labels = labels;
		this.confidence = confidence;
	}

	/** @param teacherLogits {@code (B, C, H, W)}; detached here, so no gradient flows to the teacher */
	public static PseudoLabels fromLogits(final NDArray teacherLogits) {
		// the probabilities are freed at once: only labels and confidence stay for the step
		final NDList kept = Scope.keepOnly(Collections.singletonList(teacherLogits), () -> {
			final NDArray p = teacherLogits.stopGradient().softmax(1);
			return new NDList(p.argMax(1).toType(DataType.INT64, false), p.max(new int[] { 1 }));
		});
		return new PseudoLabels(kept.get(0), kept.get(1));
	}

	/** @return {@code (B, H, W)} int64 labels */
	public NDArray labels() {
		return labels;
	}

	/** @return {@code (B, H, W)} float confidences in [0, 1] */
	public NDArray confidence() {
		return confidence;
	}

	/**
	 * @param thresholds one confidence threshold per class
	 * @return {@code (B, H, W)} float mask, 1 where the confidence reaches the threshold of the pixel's label
	 */
	public NDArray confidentMask(final float[] thresholds) {
		final NDArray perPixel = labels.getManager().create(thresholds).get(labels);
		return confidence.gte(perPixel).toType(DataType.FLOAT32, false);
	}

	/** Closes the labels and confidences; a step closes them once its losses and statistics are computed. */
	@Override
	public void close() {
		labels.close();
		confidence.close();
	}

	/** @return these pseudo-labels with the boxes of {@code cutMix} taken from the other samples */
	public PseudoLabels mixed(final sc.fiji.cmems.engine.perturb.CutMix cutMix) {
		return new PseudoLabels(cutMix.mixMaps(labels), cutMix.mixMaps(confidence));
	}
}
