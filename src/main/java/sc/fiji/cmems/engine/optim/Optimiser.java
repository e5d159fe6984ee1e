package sc.fiji.cmems.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * An optimiser of one network's parameters whose whole state (its buffers and
 * step count) can be saved in a checkpoint and restored, so that a resumed run
 * continues exactly. Subclasses give the update of one parameter
 * ({@link #update}); the base class owns the buffers, the gradient checks,
 * gradient-norm clipping and saving. Written here rather than taken from DJL,
 * whose optimisers keep their state out of reach.
 */
public abstract class Optimiser implements AutoCloseable {

	private final List<Parameter> parameters;
	private final NDManager manager;
	/** buffers[slot][parameter] */
	private final NDArray[][] buffers;
	private long steps = 0;

	/**
	 * @param parameters trainable parameters, gradients attached
	 * @param parent the manager that will own the buffers (as a child)
	 * @param slots buffers per parameter, each zero and of the parameter's shape
	 */
	protected Optimiser(final List<Parameter> parameters, final NDManager parent, final int slots) {
		this.parameters = parameters;
		this.manager = parent.newSubManager();
		this.buffers = new NDArray[slots][parameters.size()];
		for (int s = 0; s < slots; s++)
			for (int i = 0; i < parameters.size(); i++) {
				buffers[s][i] = parameters.get(i).getArray().zerosLike();
				buffers[s][i].attach(manager);
			}
	}

	/**
	 * Updates one parameter in place.
	 *
	 * @param index the parameter's index (for {@link #buffer})
	 * @param step 1 for the first update of this optimiser
	 * @param scope where temporaries go; closed after the call
	 */
	protected abstract void update(int index, NDArray weight, NDArray gradient, float learningRate, long step, NDManager scope);

	/** @return buffer {@code slot} of parameter {@code index} (updated in place by {@link #update}) */
	protected final NDArray buffer(final int slot, final int index) {
		return buffers[slot][index];
	}

	/** Applies one update with the gradients of the last backward pass, then clears them. */
	public final void step(final float learningRate) {
		steps++;
		for (int i = 0; i < parameters.size(); i++) {
			final NDArray weight = parameters.get(i).getArray();
			try (NDManager scope = manager.newSubManager()) {
				final NDArray gradient = weight.getGradient();
				gradient.attach(scope);
				update(i, weight, gradient, learningRate, steps, scope);
				JniUtils.zeroGrad((PtNDArray) weight);
			}
		}
	}

	/** @return the updates made so far */
	public final long steps() {
		return steps;
	}

	/** @return whether every gradient of the last backward pass is finite (one device round trip) */
	public final boolean gradientsFinite() {
		try (NDManager scope = manager.newSubManager()) {
			NDArray total = null;
			for (final Parameter p : parameters) {
				final NDArray g = p.getArray().getGradient();
				g.attach(scope);
				final NDArray s = g.sum();
				s.attach(scope);
				total = total == null ? s : total.add(s);
			}
			return total == null || Float.isFinite(total.getFloat());
		}
	}

	/**
	 * Scales the gradients so that their global L2 norm is at most
	 * {@code maxNorm}, as PyTorch's {@code clip_grad_norm_} does (factor
	 * {@code min(1, maxNorm / (norm + 1e-6))}).
	 *
	 * @return the norm before clipping
	 */
	public final float clipGradientNorm(final float maxNorm) {
		if (!(maxNorm > 0)) throw new IllegalArgumentException("the gradient norm limit must be > 0, was " + maxNorm);
		try (NDManager scope = manager.newSubManager()) {
			NDArray squares = null;
			for (final Parameter p : parameters) {
				final NDArray g = p.getArray().getGradient();
				g.attach(scope);
				final NDArray s = g.square().sum();
				s.attach(scope);
				squares = squares == null ? s : squares.add(s);
			}
			if (squares == null) return 0f;
			final float norm = (float) Math.sqrt(squares.getFloat());
			final float factor = maxNorm / (norm + 1e-6f);
			if (factor < 1f) for (final Parameter p : parameters) {
				final NDArray g = p.getArray().getGradient();
				g.attach(scope);
				g.muli(factor);
			}
			return norm;
		}
	}

	/** Discards the gradients of the last backward pass. */
	public final void clearGradients() {
		for (final Parameter p : parameters) JniUtils.zeroGrad((PtNDArray) p.getArray());
	}

	/** Writes the buffers (and the step count, where the update uses it). */
	public final void save(final DataOutputStream out) throws IOException {
		out.writeInt(buffers.length * parameters.size());
		for (final NDArray[] slot : buffers)
			for (final NDArray b : slot) {
				final byte[] bytes = b.encode();
				out.writeInt(bytes.length);
				out.write(bytes);
			}
		if (usesStepCount()) out.writeLong(steps);
	}

	/** Reads a state written by {@link #save(DataOutputStream)} of an optimiser of the same kind (from memory: lengths are checked against {@code available()}). */
	public final void load(final DataInputStream in) throws IOException {
		final int n = in.readInt();
		if (n != buffers.length * parameters.size())
			throw new IOException("optimiser state holds " + n + " buffers, this optimiser needs " + buffers.length * parameters.size());
		for (final NDArray[] slot : buffers)
			for (int i = 0; i < slot.length; i++) {
				final int length = in.readInt();
				if (length < 0 || length > in.available()) throw new IOException("optimiser buffer " + i + " is damaged (length " + length + ")");
				final byte[] bytes = new byte[length];
				in.readFully(bytes);
				final NDArray loaded = NDArray.decode(manager, bytes);
				if (!loaded.getShape().equals(slot[i].getShape()))
					throw new IOException("optimiser buffer " + i + " has shape " + loaded.getShape() + ", expected " + slot[i].getShape());
				slot[i].close();
				slot[i] = loaded;
			}
		steps = usesStepCount() ? in.readLong() : 0;
	}

	/** @return whether the update depends on the number of steps (then it is saved) */
	protected boolean usesStepCount() {
		return false;
	}

	@Override
	public final void close() {
		manager.close();
	}
}
