package sc.fiji.cmems.engine.net;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

/**
 * A convolution followed by a batch norm in inference mode, run as one
 * convolution whose weights and bias absorb the batch norm: with running
 * statistics the batch norm is the per-channel affine map
 * {@code gamma (y - mean) / sqrt(var + eps) + beta}, so
 * {@code W' = W s} and {@code b' = (b - mean) s + beta} with
 * {@code s = gamma / sqrt(var + eps)} give the same values (up to float
 * rounding) in one pass over the feature maps instead of two.
 * <p>
 * Why: in inference the batch norm is a memory-bound pass over a full-size map
 * after every convolution; folding removes it (measured with
 * {@code cmems bench cases=inference}). The folded weights are computed on
 * every call, from the parameters as they are now (a few operations on arrays
 * of the size of the weights), so a network that keeps training between
 * validations is never read stale.
 */
final class FoldedBatchNorm {

	/** The batch norm's epsilon; {@link UNet} builds its batch norms with it. */
	static final float EPSILON = 1e-5f;

	private FoldedBatchNorm() {}

	/** @return {@code bn(conv(x))} in inference mode, in {@code x}'s manager */
	static NDArray convolve(final Conv2d conv, final BatchNorm bn, final ParameterStore store, final NDArray x) {
		final Device device = x.getDevice();
		try (NDManager temp = x.getManager().newSubManager()) {
			// operations go to the first operand's manager: start each from a copy in temp, never from a parameter
			final NDArray scale = copy(temp, store, bn, "gamma", device).div(copy(temp, store, bn, "runningVar", device).add(EPSILON).sqrt());
			final NDArray weight = scale.reshape(-1, 1, 1, 1).mul(value(store, conv, "weight", device));
			final NDArray bias = copy(temp, store, conv, "bias", device).sub(value(store, bn, "runningMean", device)).mul(scale)
				.add(value(store, bn, "beta", device));
			return Conv2d.conv2d(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups()).singletonOrThrow();
		}
	}

	private static NDArray value(final ParameterStore store, final ai.djl.nn.Block block, final String name, final Device device) {
		final Parameter p = block.getParameters().get(name);
		if (p == null) throw new IllegalStateException(block + " has no parameter " + name);
		return store.getValue(p, device, false);
	}

	private static NDArray copy(final NDManager temp, final ParameterStore store, final ai.djl.nn.Block block, final String name,
		final Device device)
	{
		final NDArray c = value(store, block, name, device).duplicate();
		c.attach(temp);
		return c;
	}
}
