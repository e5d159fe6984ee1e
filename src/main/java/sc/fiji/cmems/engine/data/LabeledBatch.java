package sc.fiji.cmems.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Labeled training samples: images {@code (B, 1, S, S)}, integer labels
 * {@code (B, S, S)} and pixel weights {@code (B, S, S)} (0 where the label is
 * unknown).
 */
public final class LabeledBatch {

	private final NDArray images;
	private final NDArray labels;
	private final NDArray weights;

	public LabeledBatch(final NDArray images, final NDArray labels, final NDArray weights) {
		this.images = images;
		this.labels = labels;
		this.weights = weights;
	}

	/** @return the concatenation of two batches, {@code a} first */
	public static LabeledBatch concat(final LabeledBatch a, final LabeledBatch b) {
		return new LabeledBatch(NDArrays.concat(new NDList(a.images, b.images)), NDArrays.concat(new NDList(a.labels, b.labels)),
			NDArrays.concat(new NDList(a.weights, b.weights)));
	}

	public NDArray images() {
		return images;
	}

	/** @return int64 labels */
	public NDArray labels() {
		return labels;
	}

	public NDArray weights() {
		return weights;
	}

	public int size() {
		return (int) images.getShape().get(0);
	}
}
