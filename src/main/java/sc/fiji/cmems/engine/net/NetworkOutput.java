package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDArray;

import java.util.Collections;
import java.util.List;

/**
 * What one forward pass of a {@link UNet} gives: the main logits and, in
 * training with auxiliary heads, the logits of the 1/8, 1/4 and 1/2 level heads
 * (each computed on perturbed features and upsampled to the input size).
 */
public final class NetworkOutput implements AutoCloseable {

	private final NDArray logits;
	private final List<NDArray> auxiliaryLogits;
	private final NDArray features;

	public NetworkOutput(final NDArray logits, final List<NDArray> auxiliaryLogits) {
		this(logits, auxiliaryLogits, null);
	}

	/** @param features the last decoder features {@code (B, channels[0], H, W)}, or null */
	public NetworkOutput(final NDArray logits, final List<NDArray> auxiliaryLogits, final NDArray features) {
		this.logits = logits;
		this.auxiliaryLogits = Collections.unmodifiableList(auxiliaryLogits);
		this.features = features;
	}

	/** @return the last decoder features {@code (B, channels[0], H, W)} when they were asked for, else null */
	public NDArray features() {
		return features;
	}

	/** @return main head logits {@code (B, C, H, W)} */
	public NDArray logits() {
		return logits;
	}

	/** @return auxiliary logits, coarsest level first; empty when they were not computed */
	public List<NDArray> auxiliaryLogits() {
		return auxiliaryLogits;
	}

	/**
	 * Closes the handles of the logits and the auxiliary logits. What autograd
	 * saved of them for the backward pass stays until that pass has run
	 * (PyTorch counts references), so a training step closes its outputs as soon
	 * as its losses are computed: they then no longer sit in native memory
	 * through the backward pass, where the step's peak is.
	 */
	@Override
	public void close() {
		logits.close();
		for (final NDArray a : auxiliaryLogits) a.close();
		if (features != null) features.close();
	}
}
