package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Native memory scopes. DJL attaches the result of an operation to the manager
 * of its first operand and frees an array only when that manager closes.
 */
public final class Scope {

	private Scope() {}

	/**
	 * Moves {@code array} into {@code manager}'s scope and returns it. Operations
	 * on long-lived arrays (the exemplar, the unlabeled pool) must hand their
	 * results to the short-lived per-iteration manager, or native memory grows
	 * with every iteration.
	 */
	public static NDArray into(final NDManager manager, final NDArray array) {
		array.attach(manager);
		return array;
	}

	/**
	 * Computes {@code f} with {@code operands} temporarily in a scope of their
	 * own, so that every intermediate array that {@code f} makes from them is
	 * freed when it returns; only its results are kept, in the first operand's
	 * manager. The operands go back to their own managers.
	 * <p>
	 * Safe inside a gradient collector: closing a handle never frees what
	 * autograd saved for the backward pass (PyTorch counts references), so
	 * gradients are unchanged; what is freed is what the backward pass never
	 * reads, and after it, what it read. The exception is an array made from
	 * Java data inside {@code f}: its memory is Java's and goes with its handle,
	 * so such arrays must be made with {@link AutogradSafe}.
	 *
	 * @param f must return new arrays, not the operands themselves
	 */
	public static NDList keepOnly(final List<NDArray> operands, final Supplier<NDList> f) {
		final NDManager owner = operands.get(0).getManager();
		try (NDManager temp = owner.newSubManager()) {
			final Map<NDArray, Boolean> attached = new IdentityHashMap<>();
			for (final NDArray a : operands) if (attached.put(a, Boolean.TRUE) == null) a.tempAttach(temp);
			final NDList out = f.get();
			for (final NDArray r : out) if (attached.containsKey(r)) throw new IllegalArgumentException("keepOnly: a result must not be an operand");
			out.attach(owner);
			return out;
		}
	}
}
