package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * DJL attaches the result of an operation to the manager of its first
 * operand. Operations on long-lived arrays (the exemplar, the unlabeled pool)
 * must hand their results to the short-lived per-iteration manager, or native
 * memory grows with every iteration; {@link #into} does that.
 */
public final class Scope {

	private Scope() {}

	/** Moves {@code array} into {@code manager}'s scope and returns it. */
	public static NDArray into(final NDManager manager, final NDArray array) {
		array.attach(manager);
		return array;
	}
}
