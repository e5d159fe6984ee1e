package sc.fiji.cmems.engine.train;

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
 * Stochastic gradient descent with momentum and weight decay, with PyTorch's
 * semantics ({@code d = g + wd * w; b = m * b + d; w -= lr * b}). Written here
 * rather than taken from DJL so that the momentum buffers can be saved in a
 * checkpoint and a resumed run continues exactly.
 */
public final class SgdMomentum implements AutoCloseable {

	private final List<Parameter> parameters;
	private final float momentum;
	private final float weightDecay;
	private final NDManager manager;
	private final NDArray[] buffers;

	/**
	 * @param parameters trainable parameters, gradients attached
	 * @param parent the manager that will own the momentum buffers (as a child)
	 */
	public SgdMomentum(final List<Parameter> parameters, final double momentum, final double weightDecay,
		final NDManager parent)
	{
		this.parameters = parameters;
		this.momentum = (float) momentum;
		this.weightDecay = (float) weightDecay;
		this.manager = parent.newSubManager();
		this.buffers = new NDArray[parameters.size()];
		for (int i = 0; i < buffers.length; i++) {
			buffers[i] = parameters.get(i).getArray().zerosLike();
			buffers[i].attach(manager);
		}
	}

	/** Applies one update with the gradients of the last backward pass, then clears them. */
	public void step(final float learningRate) {
		for (int i = 0; i < buffers.length; i++) {
			final NDArray weight = parameters.get(i).getArray();
			try (NDManager scope = manager.newSubManager()) {
				final NDArray gradient = weight.getGradient();
				gradient.attach(scope);
				final NDArray decayed = weight.mul(weightDecay);
				decayed.attach(scope);
				buffers[i].muli(momentum).addi(decayed.addi(gradient));
				final NDArray update = buffers[i].mul(learningRate);
				update.attach(scope);
				weight.subi(update);
				JniUtils.zeroGrad((PtNDArray) weight);
			}
		}
	}

	/** @return whether every gradient of the last backward pass is finite (one device round trip) */
	public boolean gradientsFinite() {
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

	/** Discards the gradients of the last backward pass. */
	public void clearGradients() {
		for (final Parameter p : parameters) JniUtils.zeroGrad((PtNDArray) p.getArray());
	}

	/** Writes the momentum buffers. */
	public void save(final DataOutputStream out) throws IOException {
		out.writeInt(buffers.length);
		for (final NDArray b : buffers) {
			final byte[] bytes = b.encode();
			out.writeInt(bytes.length);
			out.write(bytes);
		}
	}

	/** Reads momentum buffers written by {@link #save(DataOutputStream)}. */
	public void load(final DataInputStream in) throws IOException {
		final int n = in.readInt();
		if (n != buffers.length) throw new IOException("optimiser state holds " + n + " buffers, the network needs " + buffers.length);
		for (int i = 0; i < n; i++) {
			final byte[] bytes = new byte[in.readInt()];
			in.readFully(bytes);
			final NDArray loaded = NDArray.decode(manager, bytes);
			if (!loaded.getShape().equals(buffers[i].getShape()))
				throw new IOException("optimiser buffer " + i + " has shape " + loaded.getShape() + ", expected " + buffers[i].getShape());
			buffers[i].close();
			buffers[i] = loaded;
		}
	}

	@Override
	public void close() {
		manager.close();
	}
}
