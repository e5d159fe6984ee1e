package sc.fiji.cmems.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Stochastic gradient descent with momentum and weight decay, with PyTorch's
 * semantics ({@code d = g + wd * w; b = m * b + d; w -= lr * b}).
 */
public final class SgdMomentum extends Optimiser {

	private final float momentum;
	private final float weightDecay;

	/**
	 * @param parameters trainable parameters, gradients attached
	 * @param parent the manager that will own the momentum buffers (as a child)
	 */
	public SgdMomentum(final List<Parameter> parameters, final double momentum, final double weightDecay, final NDManager parent) {
		super(parameters, parent, 1);
		this.momentum = (float) momentum;
		this.weightDecay = (float) weightDecay;
	}

	@Override
	protected void update(final int index, final NDArray weight, final NDArray gradient, final float learningRate, final long step, final NDManager scope) {
		final NDArray decayed = weight.mul(weightDecay);
		decayed.attach(scope);
		buffer(0, index).muli(momentum).addi(decayed.addi(gradient));
		final NDArray update = buffer(0, index).mul(learningRate);
		update.attach(scope);
		weight.subi(update);
	}
}
