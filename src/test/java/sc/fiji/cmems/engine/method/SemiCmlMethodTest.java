package sc.fiji.cmems.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;
import sc.fiji.cmems.engine.optim.OptimiserSpec;

/** Semi-CML's schedule and its best-model average (the losses: LossParityTest; training and resume: MethodContractTest). */
class SemiCmlMethodTest {

	private static final double EPS = 1e-9;

	@Test
	void learningRateWarmsUpThenSteps() {
		final SemiCmlMethod m = new SemiCmlMethod(new SemiCmlSettings(), 2, 2, 4, true);
		final int n = 1000; // warm-up 100 iterations, steps at 150, 350, 550, 700
		assertEquals(0.006 / 100, m.learningRate(0, n, 0.5f), EPS);
		assertEquals(0.006 * 50 / 100, m.learningRate(49, n, 0.5f), EPS);
		assertEquals(0.006, m.learningRate(100, n, 0.5f), EPS);
		assertEquals(0.006, m.learningRate(149, n, 0.5f), EPS);
		assertEquals(0.0006, m.learningRate(150, n, 0.5f), EPS);
		assertEquals(0.00006, m.learningRate(350, n, 0.5f), 1e-10);
		assertEquals(0.006e-4, m.learningRate(999, n, 0.5f), 1e-12);
		assertEquals(OptimiserSpec.Kind.ADAM, m.optimiser(0, OptimiserSpec.sgd(0.9, 1e-4)).kind);
	}

	/**
	 * While the pool is open, a validation that beats the pool's lowest score d_min
	 * moves the average towards network 2 with momentum min(1 - (d - d_min) / d, 0.99);
	 * one that does not, or one outside the pool's window, leaves it.
	 */
	@Test
	void theBestModelAverageFollowsValidationsThatBeatThePool() {
		final SemiCmlSettings s = new SemiCmlSettings();
		s.averagePool = 2;
		final int n = 81; // the original's epochs: the pool is open from 10 to 51
		try (NDManager root = Tensors.manager()) {
			final NetworkSettings architecture = new NetworkSettings();
			architecture.channels = new int[] { 2, 2, 2, 2, 2 };
			final List<SegmentationNetwork> nets = new ArrayList<>();
			for (int k = 0; k < 2; k++) nets.add(SegmentationNetwork.create(architecture, 3, WeightInit.forNetwork(k), 3 + k, root));
			final SemiCmlMethod m = new SemiCmlMethod(s, 2, 2, 4, true);
			m.start(nets, root);
			assertNull(m.average());
			assertEquals(0, m.saveTensors().size());
			m.startAverage();
			assertArrayEquals(values(nets.get(1)), values(m.average()), 0f);

			shift(nets.get(1), 1f); // network 2 moves on: theta_2 = theta_average + 1
			final float[] before = values(m.average());
			m.validated(5, n, 0.9); // before the pool opens: nothing
			m.validated(12, n, 0.5); // the pool was empty: nothing moves, 0.5 joins it
			m.validated(13, n, 0.4); // below the pool's lowest (0.5): nothing moves; the pool keeps 0.5, 0.4
			assertArrayEquals(before, values(m.average()), 0f);
			m.validated(14, n, 0.8); // beats 0.4: a = min(1 - (0.8 - 0.4) / 0.8, 0.99) = 0.5
			final float[] after = values(m.average());
			for (int i = 0; i < after.length; i++) assertEquals(before[i] + 0.5f, after[i], 1e-5f, "parameter value " + i);
			m.validated(60, n, 0.99); // stage 2: the pool is closed
			assertArrayEquals(after, values(m.average()), 0f);

			final Map<String, byte[]> saved = m.saveTensors();
			assertEquals(1, saved.size());
			final SemiCmlMethod resumed = new SemiCmlMethod(s, 2, 2, 4, true);
			resumed.start(nets, root);
			resumed.loadState(m.saveState());
			resumed.loadTensors(saved);
			assertNotNull(resumed.average());
			assertArrayEquals(after, values(resumed.average()), 0f);
		}
		catch (final java.io.IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void badSettingsAreNamed() {
		final SemiCmlSettings s = new SemiCmlSettings();
		s.prelAscWeights = new double[] { 0.5 };
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::check);
		assertEquals("semicml.prelAscWeights must be two values in [0, 1], was [0.5]", e.getMessage());
		final SemiCmlSettings t = new SemiCmlSettings();
		t.learningRate = 0;
		assertEquals("semicml.learningRate must be > 0, was 0.0", assertThrows(IllegalArgumentException.class, t::check).getMessage());
	}

	private static float[] values(final SegmentationNetwork net) {
		final List<Float> all = new ArrayList<>();
		for (final Pair<String, Parameter> p : net.namedParameters()) for (final float v : p.getValue().getArray().toFloatArray()) all.add(v);
		final float[] a = new float[all.size()];
		for (int i = 0; i < a.length; i++) a[i] = all.get(i);
		return a;
	}

	private static void shift(final SegmentationNetwork net, final float by) {
		for (final Pair<String, Parameter> p : net.namedParameters()) {
			final NDArray a = p.getValue().getArray();
			a.addi(by);
		}
	}
}
