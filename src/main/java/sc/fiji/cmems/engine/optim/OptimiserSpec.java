package sc.fiji.cmems.engine.optim;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Which optimiser a network gets, with its constants: what a method asks for
 * ({@code TrainingMethod.optimiser}); the learning rate comes per step.
 */
public final class OptimiserSpec {

	/** The kinds of optimiser. */
	public enum Kind {
		SGD, ADAM
	}

	public final Kind kind;
	/** SGD's momentum, or Adam's beta1 */
	public final double momentum;
	/** Adam's beta2 (unused by SGD) */
	public final double beta2;
	/** Adam's epsilon (unused by SGD) */
	public final double epsilon;
	public final double weightDecay;

	private OptimiserSpec(final Kind kind, final double momentum, final double beta2, final double epsilon, final double weightDecay) {
		this.kind = kind;
		this.momentum = momentum;
		this.beta2 = beta2;
		this.epsilon = epsilon;
		this.weightDecay = weightDecay;
	}

	/** SGD with momentum and weight decay (PyTorch's semantics). */
	public static OptimiserSpec sgd(final double momentum, final double weightDecay) {
		if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
		if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
		return new OptimiserSpec(Kind.SGD, momentum, 0, 0, weightDecay);
	}

	/** Adam with PyTorch's defaults for betas and epsilon. */
	public static OptimiserSpec adam(final double weightDecay) {
		return adam(0.9, 0.999, 1e-8, weightDecay);
	}

	public static OptimiserSpec adam(final double beta1, final double beta2, final double epsilon, final double weightDecay) {
		if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam's beta1 must be in [0, 1), was " + beta1);
		if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam's beta2 must be in [0, 1), was " + beta2);
		if (!(epsilon > 0)) throw new IllegalArgumentException("Adam's epsilon must be > 0, was " + epsilon);
		if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
		return new OptimiserSpec(Kind.ADAM, beta1, beta2, epsilon, weightDecay);
	}

	/** @return a new optimiser of {@code parameters}, its buffers owned by a child of {@code parent} */
	public Optimiser create(final List<Parameter> parameters, final NDManager parent) {
		return kind == Kind.ADAM ? new Adam(parameters, momentum, beta2, epsilon, weightDecay, parent)
			: new SgdMomentum(parameters, momentum, weightDecay, parent);
	}

	@Override
	public String toString() {
		return kind == Kind.ADAM ? "Adam(betas " + momentum + ", " + beta2 + ", eps " + epsilon + ", weight decay " + weightDecay + ")"
			: "SGD(momentum " + momentum + ", weight decay " + weightDecay + ")";
	}
}
