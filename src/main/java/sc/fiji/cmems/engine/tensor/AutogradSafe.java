package sc.fiji.cmems.engine.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Constants and arrays made from Java data, in memory that PyTorch owns: use
 * these for everything that a backward pass may read.
 * <p>
 * Why: on the CPU, DJL's PyTorch engine (0.35.1) makes an array from Java data
 * by wrapping the memory of a Java direct buffer, which it lets go when the
 * array's handle is closed. PyTorch counts references to the tensor, not to
 * that buffer, so a tensor that autograd saved for the backward pass can
 * outlive its memory: after the next garbage collection the backward pass
 * reads whatever was put there. Two common cases: {@code x.mul(0.5f)} and the
 * like make the scalar from Java data and close it at once (autograd saved
 * it: the gradient of {@code x} is the incoming gradient times it), and a
 * matrix made with {@code create} inside a scope that closes before the
 * backward pass ({@link Scope#keepOnly}). The gradients then came out wrong
 * at random, sometimes infinite or NaN. Arrays that PyTorch computed (here:
 * {@code full}, {@code duplicate}) own their memory and are safe.
 * {@code CmemsMethodTest.stepGradientsDoNotDependOnGarbageCollection} and
 * {@code AutogradSafeTest} guard this.
 */
public final class AutogradSafe {

	private AutogradSafe() {}

	/** @return {@code value} as a 0-d array of {@code like}'s type on its device, in PyTorch's memory */
	public static NDArray scalar(final NDArray like, final float value) {
		return like.getManager().full(new Shape(), value, like.getDataType());
	}

	/** @return {@code x * c}, differentiable whenever the garbage collector runs */
	public static NDArray mul(final NDArray x, final float c) {
		try (NDArray k = scalar(x, c)) {
			return x.mul(k);
		}
	}

	/** @return {@code x / c}, differentiable whenever the garbage collector runs */
	public static NDArray div(final NDArray x, final float c) {
		try (NDArray k = scalar(x, c)) {
			return x.div(k);
		}
	}

	/** @return a copy of {@code data} shaped {@code shape} in PyTorch's memory, attached to {@code manager} */
	public static NDArray create(final NDManager manager, final float[] data, final Shape shape) {
		try (NDArray wrapped = manager.create(data, shape)) {
			return wrapped.duplicate();
		}
	}
}
