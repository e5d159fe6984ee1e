package sc.fiji.cmems.engine.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.Seeds;

/** The network, its perturbed auxiliary heads, and the numerical guards. */
class UNetTest {

	@Test
	void architectureMatchesSsl4misSize() {
		try (NDManager m = Tensors.manager(); SegmentationNetwork net = SegmentationNetwork.create(new NetworkSettings(), 4, WeightInit.KAIMING_NORMAL, 1, m)) {
			// SSL4MIS UNet (16..256 channels) has about 1.8 M parameters; ours adds three auxiliary heads
			final long n = net.parameterCount();
			assertTrue(n > 1_780_000 && n < 1_900_000, "parameters " + n);
			final NetworkOutput eval = net.forward(m.randomUniform(0, 1, new Shape(2, 1, 32, 32)), false, true);
			assertEquals(new Shape(2, 4, 32, 32), eval.logits().getShape());
			assertTrue(eval.auxiliaryLogits().isEmpty(), "no auxiliary heads in inference");
		}
	}

	@Test
	void featurePerturbationsChangeTrainingOutputsAndVanishInInference() {
		try (NDManager m = Tensors.manager(); SegmentationNetwork net = SegmentationNetwork.create(new NetworkSettings(), 3, WeightInit.KAIMING_NORMAL, 2, m)) {
			final NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 32, 32));
			Seeds.seedEngine(1);
			final NetworkOutput a = net.forward(x, true, true);
			Seeds.seedEngine(2);
			final NetworkOutput b = net.forward(x, true, true);
			assertEquals(3, a.auxiliaryLogits().size());
			for (int level = 0; level < 3; level++) {
				assertEquals(new Shape(2, 3, 32, 32), a.auxiliaryLogits().get(level).getShape());
				assertTrue(Tensors.maxDifference(a.auxiliaryLogits().get(level).toFloatArray(), b.auxiliaryLogits().get(level).toFloatArray()) > 1e-4f,
					"auxiliary level " + level + " depends on the random perturbation");
			}
			// the main path runs on clean features: with the same seed, switching the auxiliary heads on or off leaves it unchanged
			Seeds.seedEngine(3);
			final float[] withAux = net.forward(x, true, true).logits().toFloatArray();
			Seeds.seedEngine(3);
			final float[] withoutAux = net.forward(x, true, false).logits().toFloatArray();
			assertArrayEquals(withAux, withoutAux, 0f);
			// inference is deterministic: no dropout, no perturbation
			Seeds.seedEngine(4);
			final float[] e1 = net.forward(x, false, true).logits().toFloatArray();
			Seeds.seedEngine(5);
			final float[] e2 = net.forward(x, false, true).logits().toFloatArray();
			assertArrayEquals(e1, e2, 0f);
		}
	}

	@Test
	void featureDropoutRemovesTheMostActivePositions() {
		try (NDManager m = Tensors.manager()) {
			final float[] v = new float[2 * 4 * 8 * 8];
			// the same ramp in every channel: the channel mean is the ramp, its maximum 63/64;
			// positions at or above max * 0.9 are always dropped, those below max * 0.7 always kept
			for (int i = 0; i < v.length; i++) v[i] = (i % 64) / 64f;
			final NDArray x = m.create(v, new Shape(2, 4, 8, 8));
			final float[] out = FeaturePerturbation.featureDropout(x, 0.7f, 0.9f).toFloatArray();
			for (int i = 0; i < v.length; i++) {
				if (v[i] >= 0.9f * (63 / 64f)) assertEquals(0f, out[i], 0f, "top positions dropped");
				if (v[i] < 0.7f * (63 / 64f)) assertEquals(v[i], out[i], 0f, "weak positions kept");
			}
			final float[] noisy = FeaturePerturbation.noise(m.ones(new Shape(1, 2, 8, 8)), 0.3f).toFloatArray();
			for (final float n : noisy) assertTrue(n >= 0.7f && n <= 1.3f, "noise within +-30%: " + n);
		}
	}

	/**
	 * Guards the workaround in {@link ClassHead}: with PyTorch 2.7.1 on the CPU a
	 * 3x3 convolution to 4 output channels gave a NaN input gradient in about one
	 * backward pass of ten; the heads (16 computed channels) must never.
	 */
	@Test
	void classHeadGradientsStayFinite() {
		try (NDManager m = Tensors.manager()) {
			for (int run = 0; run < 40; run++) {
				try (NDManager scope = m.newSubManager()) {
					final ClassHead head = new ClassHead(4);
					head.initialize(scope, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(8, 16, 64, 64));
					final NDArray x = scope.randomUniform(0, 1, new Shape(8, 16, 64, 64));
					x.setRequiresGradient(true);
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						final NDArray y = head.forward(new ai.djl.training.ParameterStore(scope, false), new ai.djl.ndarray.NDList(x), true).head();
						assertEquals(new Shape(8, 4, 64, 64), y.getShape());
						gc.backward(y.square().mean());
					}
					assertFalse(x.getGradient().isNaN().any().getBoolean(), "NaN input gradient in run " + run);
				}
			}
		}
	}

	/**
	 * Inference keeps only its result in the caller's scope (DJL frees an array
	 * only when its manager closes) and records no autograd graph, also on a
	 * thread other than the one that started the engine (as a Fiji command's).
	 */
	@Test
	void inferenceKeepsOnlyItsOutputAndRecordsNoGraphOnAnyThread() throws InterruptedException {
		try (NDManager m = Tensors.manager(); SegmentationNetwork net = SegmentationNetwork.create(new NetworkSettings(), 4, WeightInit.KAIMING_NORMAL, 4, m)) {
			final Object[] seen = new Object[5];
			final Thread worker = new Thread(() -> {
				try (NDManager scope = m.newSubManager()) {
					final NDArray x = scope.randomUniform(0, 1, new Shape(2, 1, 32, 32));
					seen[0] = JniUtils.isGradMode();
					final NDArray logits = net.forward(x, false, false).logits();
					seen[1] = scope.getManagedArrays().size();
					seen[2] = JniUtils.requiresGrad((PtNDArray) logits);
					seen[3] = JniUtils.isGradMode();
					seen[4] = logits.getShape();
				}
				catch (final RuntimeException e) {
					seen[0] = e;
				}
			}, "not the engine's thread");
			worker.start();
			worker.join();
			assertEquals(Boolean.TRUE, seen[0], "PyTorch records gradients on a new thread by default (else this test proves less): " + seen[0]);
			assertEquals(new Shape(2, 4, 32, 32), seen[4]);
			assertEquals(2, seen[1], "only the input and the logits are left in the caller's scope");
			assertEquals(Boolean.FALSE, seen[2], "no graph recorded");
			assertEquals(Boolean.TRUE, seen[3], "the thread's gradient mode is restored");
		}
	}

	/** The upsampling path must give identical gradients in identical passes (see Resampling.upsample2x). */
	@Test
	void trainingGradientsAreDeterministic() {
		try (NDManager m = Tensors.manager(); SegmentationNetwork net = SegmentationNetwork.create(new NetworkSettings(), 4, WeightInit.KAIMING_NORMAL, 3, m)) {
			final NDArray x = m.randomUniform(0, 1, new Shape(12, 1, 32, 32));
			float[] reference = null;
			for (int run = 0; run < 20; run++) {
				try (NDManager scope = m.newSubManager()) {
					final NDArray xi = x.duplicate();
					xi.attach(scope);
					Seeds.seedEngine(7);
					try (GradientCollector gc = Djl.engine().newGradientCollector()) {
						final NetworkOutput out = net.forward(xi, true, true);
						NDArray loss = out.logits().square().mean();
						for (final NDArray a : out.auxiliaryLogits()) loss = loss.add(a.square().mean());
						gc.backward(loss);
					}
					final Parameter first = net.trainableParameters().get(0);
					final NDArray g = first.getArray().getGradient();
					final float[] grad = g.toFloatArray();
					g.close();
					for (final Parameter p : net.trainableParameters()) ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
					for (final float v : grad) assertTrue(Float.isFinite(v), "finite gradient in run " + run);
					if (reference == null) reference = grad;
					else assertArrayEquals(reference, grad, 0f, "identical gradient in run " + run);
				}
			}
		}
	}
}
