package sc.fiji.cmems.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;

/** A convolution with its batch norm folded in equals the two run one after the other in inference mode. */
class FoldedBatchNormTest {

	@Test
	void foldedConvolutionEqualsConvolutionThenBatchNorm() {
		try (NDManager m = Tensors.manager(); NDManager params = m.newSubManager(); NDManager scope = m.newSubManager()) {
			final Conv2d conv = Conv2d.builder().setFilters(8).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
			final BatchNorm bn = BatchNorm.builder().optEpsilon(FoldedBatchNorm.EPSILON).build();
			conv.initialize(params, DataType.FLOAT32, new Shape(2, 3, 16, 16));
			bn.initialize(params, DataType.FLOAT32, new Shape(2, 8, 16, 16));
			// statistics and affine parameters far from the identity they start at (mean 0, var 1, gamma 1, beta 0)
			bn.getParameters().get("runningMean").getArray().addi(params.randomUniform(-2, 2, new Shape(8)));
			bn.getParameters().get("runningVar").getArray().muli(params.randomUniform(1e-4f, 4, new Shape(8)));
			bn.getParameters().get("gamma").getArray().muli(params.randomUniform(-3, 3, new Shape(8)));
			bn.getParameters().get("beta").getArray().addi(params.randomUniform(-1, 1, new Shape(8)));
			conv.getParameters().get("bias").getArray().addi(params.randomUniform(-1, 1, new Shape(8)));
			final ParameterStore store = new ParameterStore(params, false);
			final NDArray x = scope.randomNormal(new Shape(2, 3, 16, 16));

			final NDArray convolved = conv.forward(store, new NDList(x), false).singletonOrThrow();
			final float[] expected = bn.forward(store, new NDList(convolved), false).singletonOrThrow().toFloatArray();
			final int scopeBefore = scope.getManagedArrays().size(), paramsBefore = params.getManagedArrays().size();
			final NDArray folded = FoldedBatchNorm.convolve(conv, bn, store, x);
			final float[] actual = folded.toFloatArray();

			assertEquals(new Shape(2, 8, 16, 16), folded.getShape());
			float scale = 0;
			for (final float v : expected) scale = Math.max(scale, Math.abs(v));
			assertTrue(Tensors.maxDifference(expected, actual) <= 1e-5f * scale, "folded differs by " + Tensors.maxDifference(expected, actual)
				+ " at values up to " + scale);
			assertTrue(Tensors.maxDifference(convolved.toFloatArray(), actual) > 0.1f * scale, "the batch norm is not the identity here");
			assertEquals(scopeBefore + 1, scope.getManagedArrays().size(), "only the result is left in the input's scope");
			assertEquals(paramsBefore, params.getManagedArrays().size(), "nothing is left with the parameters");
		}
	}
}
