package sc.fiji.cmems.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.NativeChurn;
import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;
import sc.fiji.cmems.engine.train.TrainingSettings;

/** CAML's step: its two architectures, its memory bank, and gradients that do not depend on the garbage collector. */
class CamlMethodTest {

	/** Every term at full weight, and a memory bank small enough to take part from the first step. */
	private static TrainingSettings settings() {
		final TrainingSettings s = TinyRuns.settings("caml", 10);
		final CamlSettings caml = s.method(CamlSettings.class);
		caml.rampUp = 0;
		caml.memoryPerClass = 4;
		caml.unlabeledPerClass = 50;
		return s;
	}

	private static CamlMethod method(final TrainingSettings s, final TrainingData data) {
		return (CamlMethod) TrainingMethods.get("caml").create(new MethodArguments(s.exemplarBatch, s.syntheticBatch, s.unlabeledBatch, data.classes(), s.toJson()));
	}

	@Test
	void twoDifferentNetworksAndTheFirstSegments() {
		final CamlMethod method = new CamlMethod(new CamlSettings(), 2, 2, 4, 4);
		final NetworkSettings run = new NetworkSettings();
		final NetworkSettings v = method.network(0, run), a = method.network(1, run);
		assertEquals(NetworkSettings.REDUCE_THEN_INTERPOLATE, v.upsampling);
		assertFalse(v.crossSampleAttention);
		assertEquals(NetworkSettings.INTERPOLATE_THEN_CONVOLVE, a.upsampling);
		assertTrue(a.crossSampleAttention);
		assertEquals(4 * run.channels[3], a.attentionFeedForward);
		assertEquals(32, v.embeddingWidth);
		assertEquals(32, a.embeddingWidth);
		assertEquals(0, run.embeddingWidth, "the run's settings are not changed");
		assertEquals(Collections.singletonList(0), method.inferenceNetworks());
		final CamlSettings both = new CamlSettings();
		both.inferenceBoth = true;
		assertEquals(null, new CamlMethod(both, 2, 2, 4, 4).inferenceNetworks());
	}

	@Test
	void theBankHoldsLabeledPixelsAndTheCorrelationTakesPart() {
		final TrainingSettings s = settings();
		try (NDManager m = Tensors.manager(); TrainingData data = TrainingData.prepare(ToyData.inputs(1, 32, 6, 0), 0, null, 32, s.normalization, m)) {
			final CamlMethod method = method(s, data);
			final List<SegmentationNetwork> nets = networks(method, s, data, m);
			method.start(nets, m);
			try (NDManager scope = m.newSubManager(); GradientCollector gc = Djl.engine().newGradientCollector()) {
				final StepLoss loss = method.loss(new TrainingStep(0, 10, scope, new SplittableRandom(1), nets, new BatchSampler(data, s.augmentation, s.synthesis)));
				final float occ = loss.terms().get("occ").getFloat();
				assertTrue(occ > 0 && Float.isFinite(occ), "the omni-correlation term is " + occ);
				final float[] agree = loss.statistics().get("agree1").toFloatArray();
				float share = 0;
				for (final float a : agree) share += a;
				assertTrue(share > 0 && share <= 1.0001f, "shares of agreeing pixels " + Arrays.toString(agree));
			}
			final int[] counts = method.memoryCounts();
			final int stored = Arrays.stream(counts).sum();
			assertTrue(stored > 0 && stored <= (s.exemplarBatch + s.syntheticBatch) * 32 * 32, "stored " + Arrays.toString(counts));
		}
	}

	@Test
	void stepGradientsDoNotDependOnGarbageCollection() {
		final TrainingSettings s = settings();
		try (NDManager m = Tensors.manager(); TrainingData data = TrainingData.prepare(ToyData.inputs(1, 32, 6, 0), 0, null, 32, s.normalization, m)) {
			final List<SegmentationNetwork> nets = networks(method(s, data), s, data, m);
			final float[][] quiet = stepGradients(s, data, nets, false, m);
			final float[][] churned = stepGradients(s, data, nets, true, m);
			assertEquals(quiet.length, churned.length);
			for (int i = 0; i < quiet.length; i++)
				assertEquals(Arrays.toString(quiet[i]), Arrays.toString(churned[i]), "gradient of parameter tensor " + i + " (network 1 first)");
		}
	}

	private static List<SegmentationNetwork> networks(final CamlMethod method, final TrainingSettings s, final TrainingData data, final NDManager m) {
		final List<SegmentationNetwork> nets = new ArrayList<>();
		for (int k = 0; k < 2; k++) nets.add(SegmentationNetwork.create(method.network(k, s.network), data.classes(), WeightInit.forNetwork(k), 10 + k, m));
		return nets;
	}

	/** @return every parameter's gradient after one step of a fresh method on copies of {@code originals}, with {@link NativeChurn} before the backward pass or not */
	private static float[][] stepGradients(final TrainingSettings s, final TrainingData data, final List<SegmentationNetwork> originals, final boolean churn,
		final NDManager m)
	{
		final CamlMethod method = method(s, data);
		final List<float[]> gradients = new ArrayList<>();
		try (NDManager scope = m.newSubManager()) {
			final List<SegmentationNetwork> nets = new ArrayList<>();
			for (final SegmentationNetwork n : originals) nets.add(n.copy(scope));
			method.start(nets, scope);
			sc.fiji.cmems.engine.device.Seeds.seedEngine(3);
			try (GradientCollector gc = Djl.engine().newGradientCollector()) {
				final StepLoss loss = method.loss(new TrainingStep(0, 10, scope, new SplittableRandom(1), nets, new BatchSampler(data, s.augmentation, s.synthesis)));
				if (churn) NativeChurn.run();
				gc.backward(loss.total());
			}
			for (final SegmentationNetwork net : nets)
				for (final Parameter p : net.trainableParameters()) {
					final ai.djl.ndarray.NDArray g = p.getArray().getGradient();
					gradients.add(g.toFloatArray());
					g.close();
				}
		}
		return gradients.toArray(new float[0][]);
	}
}
