package sc.fiji.cmems.engine.data;

import ai.djl.ndarray.NDArray;

import sc.fiji.cmems.engine.perturb.CutMix;

/**
 * Unlabeled training samples: the weak views {@code x_w} and, when drawn, the
 * strong views {@code x_s = A_s(x_w)} with the CutMix that mixed them (to be
 * applied to the pseudo-labels as well).
 */
public final class UnlabeledBatch {

	private final NDArray weak;
	private final NDArray strong;
	private final CutMix cutMix;

	public UnlabeledBatch(final NDArray weak, final NDArray strong, final CutMix cutMix) {
		this.weak = weak;
		this.strong = strong;
		this.cutMix = cutMix;
	}

	/** @return weak views {@code (B, 1, S, S)} */
	public NDArray weak() {
		return weak;
	}

	/** @return strong views {@code (B, 1, S, S)}, or null when not drawn */
	public NDArray strong() {
		return strong;
	}

	/** @return the CutMix of the strong views, or null when not drawn */
	public CutMix cutMix() {
		return cutMix;
	}

	public int size() {
		return (int) weak.getShape().get(0);
	}
}
