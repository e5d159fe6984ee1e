package sc.fiji.cmems.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.NativeChurn;
import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.device.Djl;

/** Arrays that a backward pass reads stay valid when the JVM collects garbage between forward and backward pass. */
class AutogradSafeTest {

	/** @return the gradient of {@code sum(f(x))} at {@code x = (1, 2, 3, 4)}, with {@link NativeChurn} before the backward pass */
	private static float[] gradientAfterChurn(final UnaryOperator<NDArray> f) {
		try (NDManager m = Tensors.manager()) {
			final NDArray x = m.create(new float[] { 1, 2, 3, 4 }).duplicate();
			x.setRequiresGradient(true);
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				final NDArray loss = f.apply(x).sum();
				NativeChurn.run();
				gc.backward(loss);
			}
			return x.getGradient().toFloatArray();
		}
	}

	@Test
	void scalarProductsAndQuotientsHaveExactGradients() {
		assertArrayEquals(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, gradientAfterChurn(x -> AutogradSafe.mul(x, 0.5f)), 0f);
		assertArrayEquals(new float[] { 0.25f, 0.25f, 0.25f, 0.25f }, gradientAfterChurn(x -> AutogradSafe.div(x, 4f)), 0f);
		// a chain as in the losses: 0.5 * (2 * x) / 3
		assertArrayEquals(new float[] { 1 / 3f, 1 / 3f, 1 / 3f, 1 / 3f }, gradientAfterChurn(x -> AutogradSafe.div(AutogradSafe.mul(AutogradSafe.mul(x, 2f), 0.5f), 3f)),
			1e-7f);
	}

	/**
	 * Why the class exists, shown: DJL's own {@code mul(Number)} frees its
	 * scalar at once, and after a collection the gradient reads reused memory.
	 * (If this fails, DJL no longer behaves so, or {@link NativeChurn} no longer
	 * provokes it and the other tests here prove less: look at both.)
	 */
	@Test
	void djlScalarProductsLoseTheirGradientAfterACollection() {
		final float[] g = gradientAfterChurn(x -> x.mul(0.5f));
		assertTrue(g[0] != 0.5f, "DJL's mul(0.5f) gave the exact gradient 0.5 after a collection");
	}

	/** A matrix made from Java data, closed before the backward pass that reads it (as in a scope of Scope.keepOnly). */
	@Test
	void matricesFromJavaDataMayBeClosedBeforeTheBackwardPass() {
		final float[] g = gradientAfterChurn(x -> {
			final NDArray a = AutogradSafe.create(x.getManager(), new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new Shape(2, 4));
			final NDArray y = a.matMul(x.reshape(4, 1));
			a.close();
			return y;
		});
		// d/dx sum(A x) = column sums of A
		assertArrayEquals(new float[] { 6, 8, 10, 12 }, g, 0f);
	}
}
