package sc.fiji.cmems.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.device.Djl;

/**
 * The optimisers against PyTorch on fixed inputs: three steps with given
 * gradients and learning rates; the reference values are printed by
 * {@code bench/pytorch/optimiser_reference.py} (PyTorch 1.13).
 */
class OptimiserTest {

	private static final float[] W0 = { 0.5f, -1.25f, 2.0f, 0.0f, -0.3f, 0.75f };
	private static final float[][] GRADS = { { 0.1f, -0.2f, 0.3f, 1.5f, -0.05f, 0.0f }, { -0.4f, 0.25f, 0.1f, -1.0f, 0.3f, 0.2f },
		{ 0.05f, 0.05f, -0.6f, 0.5f, 0.0f, -0.7f } };
	private static final float[] RATES = { 0.01f, 0.005f, 0.02f };

	private static final float[] SGD = { 5.051262975e-01f, -1.250600696e+00f, 2.000475168e+00f, -3.304992616e-02f, -3.053627908e-01f, 7.593944669e-01f };
	private static final float[] ADAM = { 4.998286664e-01f, -1.245210171e+00f, 1.990632415e+00f, -1.629271545e-02f, -3.027532697e-01f, 7.453891039e-01f };
	private static final float[] SGD_CLIPPED = { 5.009707212e-01f, -1.250335455e+00f, 2.000624418e+00f, -3.916054964e-03f, -3.009727299e-01f,
		7.518478632e-01f };
	private static final float[] NORMS = { 1.546770930e+00f, 1.167261839e+00f, 1.051189780e+00f };

	private static final float TOLERANCE = 1e-6f;

	@Test
	void sgdWithMomentumIsPytorchs() {
		assertArrayEquals(SGD, run(OptimiserSpec.sgd(0.9, 1e-4), 0, null), TOLERANCE);
	}

	@Test
	void adamIsPytorchs() {
		assertArrayEquals(ADAM, run(OptimiserSpec.adam(4e-4), 0, null), TOLERANCE);
	}

	@Test
	void gradientClippingIsPytorchs() {
		final float[] norms = new float[3];
		assertArrayEquals(SGD_CLIPPED, run(OptimiserSpec.sgd(0.9, 5e-4), 0, norms), TOLERANCE);
		assertArrayEquals(NORMS, norms, 1e-5f);
	}

	/** The saved state (buffers and, for Adam, the step count) continues a run exactly. */
	@Test
	void aSavedStateContinuesExactly() {
		for (final OptimiserSpec spec : new OptimiserSpec[] { OptimiserSpec.sgd(0.9, 1e-4), OptimiserSpec.adam(4e-4) })
			assertArrayEquals(run(spec, 0, null), run(spec, 1, null), 0f, spec.toString());
	}

	@Test
	void aStateOfAnotherShapeIsRefused() throws IOException {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final Optimiser sgd = OptimiserSpec.sgd(0.9, 0).create(parameters(m, W0), m);
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			sgd.save(new DataOutputStream(bytes));
			final Optimiser adam = OptimiserSpec.adam(0).create(parameters(m, W0), m);
			final IOException e = assertThrows(IOException.class, () -> adam.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
			assertEquals("optimiser state holds 1 buffers, this optimiser needs 2", e.getMessage());
		}
	}

	@Test
	void settingsOutOfRangeAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.sgd(1.0, 0));
		assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.adam(0.9, 1.0, 1e-8, 0));
		assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.adam(0.9, 0.999, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> OptimiserSpec.adam(-1e-4));
	}

	/**
	 * Three steps; with {@code saveAfter} > 0 the optimiser is saved after that
	 * many and a new one continues from the saved state.
	 */
	private static float[] run(final OptimiserSpec spec, final int saveAfter, final float[] clipNorms) {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final List<Parameter> parameters = parameters(m, W0);
			Optimiser optimiser = spec.create(parameters, m);
			for (int t = 0; t < GRADS.length; t++) {
				if (saveAfter > 0 && t == saveAfter) optimiser = reloaded(optimiser, spec, parameters, m);
				setGradient(parameters.get(0).getArray(), GRADS[t]);
				if (clipNorms != null) clipNorms[t] = optimiser.clipGradientNorm(0.2f);
				optimiser.step(RATES[t]);
			}
			return parameters.get(0).getArray().toFloatArray();
		}
	}

	private static Optimiser reloaded(final Optimiser o, final OptimiserSpec spec, final List<Parameter> parameters, final NDManager m) {
		try {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			o.save(new DataOutputStream(bytes));
			o.close();
			final Optimiser fresh = spec.create(parameters, m);
			fresh.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
			return fresh;
		}
		catch (final IOException e) {
			throw new AssertionError(e);
		}
	}

	private static List<Parameter> parameters(final NDManager m, final float[] values) {
		final NDArray w = m.create(values);
		w.setRequiresGradient(true);
		return Collections.singletonList(Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(w).build());
	}

	/** Leaves exactly {@code gradient} as w's gradient (the derivative of sum(w * g)). */
	private static void setGradient(final NDArray w, final float[] gradient) {
		try (NDManager scope = w.getManager().newSubManager(); GradientCollector c = Djl.engine().newGradientCollector()) {
			final NDArray g = scope.create(gradient);
			final NDArray loss = w.mul(g).sum();
			loss.attach(scope);
			c.backward(loss);
		}
	}

}
