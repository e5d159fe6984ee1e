package sc.fiji.cmems.engine.method;

import java.util.function.Supplier;

/**
 * What a method's {@link TrainingMethod#update} may do to the networks in one
 * iteration: back-propagate a loss, clip gradients, and step optimisers. The
 * training loop checks the loss and the gradients before every step: a step
 * with a loss or a gradient that is not finite is dropped (the gradients are
 * cleared), and too many dropped steps in a row stop the run.
 */
public interface Updates {

	/** @return the learning rate at this iteration ({@link TrainingMethod#learningRate}) */
	float learningRate();

	/**
	 * Computes a loss under a new gradient collector and back-propagates its
	 * total; gradients add up over calls until a {@link #step}.
	 */
	StepLoss backward(Supplier<StepLoss> loss);

	/**
	 * Scales network {@code network}'s gradients to a global L2 norm of at most {@code maxNorm}
	 * (PyTorch's {@code clip_grad_norm_}).
	 *
	 * @return the norm before clipping
	 */
	float clipGradientNorm(int network, float maxNorm);

	/**
	 * Steps the optimisers of {@code networks} (every network when none is
	 * named) at {@code learningRate} when {@code loss}'s total and their
	 * gradients are finite; otherwise clears their gradients.
	 *
	 * @return whether they stepped
	 */
	boolean step(StepLoss loss, float learningRate, int... networks);

	/** Discards the gradients of {@code networks} (every network when none is named) without a step. */
	void clearGradients(int... networks);
}
