package sc.fiji.cmems.engine.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Adam with L2 weight decay added to the gradient, with the semantics of
 * PyTorch's {@code torch.optim.Adam}: {@code g += wd * w; m = b1 m + (1 - b1) g;
 * v = b2 v + (1 - b2) g^2; w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class Adam extends Optimiser {

	private final float beta1, beta2, epsilon, weightDecay;

	public Adam(final List<Parameter> parameters, final double beta1, final double beta2, final double epsilon, final double weightDecay,
		final NDManager parent)
	{
		super(parameters, parent, 2);
		this.beta1 = (float) beta1;
		this.beta2 = (float) beta2;
		this.epsilon = (float) epsilon;
		this.weightDecay = (float) weightDecay;
	}

	@Override
	protected void update(final int index, final NDArray weight, final NDArray gradient, final float learningRate, final long step, final NDManager scope) {
		final NDArray g = weightDecay == 0 ? gradient : gradient.add(weight.mul(weightDecay));
		g.attach(scope);
		final NDArray m = buffer(0, index), v = buffer(1, index);
		final NDArray gm = g.mul(1 - beta1);
		gm.attach(scope);
		m.muli(beta1).addi(gm);
		final NDArray g2 = g.square().muli(1 - beta2);
		g2.attach(scope);
		v.muli(beta2).addi(g2);
		final double correction1 = 1 - Math.pow(beta1, step);
		final double correction2 = 1 - Math.pow(beta2, step);
		final NDArray denominator = v.sqrt().divi((float) Math.sqrt(correction2)).addi(epsilon);
		denominator.attach(scope);
		final NDArray update = m.div(denominator).muli((float) (learningRate / correction1));
		update.attach(scope);
		weight.subi(update);
	}

	@Override
	protected boolean usesStepCount() {
		return true;
	}
}
