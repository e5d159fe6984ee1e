package sc.fiji.cmems.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.NativeChurn;
import sc.fiji.cmems.engine.Tensors;
import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.batch.BatchSource;
import sc.fiji.cmems.engine.data.LabeledBatch;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.UnlabeledBatch;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;
import sc.fiji.cmems.engine.optim.SgdMomentum;
import sc.fiji.cmems.engine.train.TrainingSettings;

/** One CMEMS step on its own: both networks learn, through every loss term; its gradients (and a baseline's) do not depend on garbage collection. */
class CmemsMethodTest {

	private static float[][] snapshot(final SegmentationNetwork net) {
		final List<Parameter> ps = net.trainableParameters();
		final float[][] v = new float[ps.size()][];
		for (int i = 0; i < v.length; i++) v[i] = ps.get(i).getArray().toFloatArray();
		return v;
	}

	@Test
	void bothNetworksChangeAfterOneStepAndEveryTermIsActive() {
		final TrainingSettings s = TinyRuns.settings("cmems", 10);
		s.method(CmemsSettings.class).rampUp = 0; // full unlabeled weight at once
		s.method(CmemsSettings.class).threshold = 0.3; // let pseudo-labels through on untrained networks
		try (NDManager m = Tensors.manager();
			TrainingData data = TrainingData.prepare(ToyData.inputs(1, 32, 6, 0), 0, null, 32, s.normalization, m))
		{
			final CmemsMethod method = new CmemsMethod(s.method(CmemsSettings.class), 2, 2, 4, data.classes());
			final List<SegmentationNetwork> nets = new ArrayList<>();
			final List<SgdMomentum> opts = new ArrayList<>();
			for (int k = 0; k < 2; k++) {
				nets.add(SegmentationNetwork.create(s.network, data.classes(), WeightInit.forNetwork(k), 10 + k, m));
				opts.add(new SgdMomentum(nets.get(k).trainableParameters(), 0.9, 1e-4, m));
			}
			final float[][] before0 = snapshot(nets.get(0)), before1 = snapshot(nets.get(1));
			try (NDManager scope = m.newSubManager()) {
				final TrainingStep step = new TrainingStep(0, 10, scope, new SplittableRandom(1), nets, new BatchSampler(data, s.augmentation, s.synthesis));
				final StepLoss loss;
				try (GradientCollector gc = Djl.engine().newGradientCollector()) {
					loss = method.loss(step);
					gc.backward(loss.total());
				}
				assertEquals(1f, loss.terms().get("w").getFloat(), 1e-6f);
				for (final String term : Arrays.asList("sup1", "sup2", "img1", "img2", "feat1", "feat2"))
					assertTrue(loss.terms().get(term).getFloat() > 0, term + " contributes: " + loss.terms().get(term).getFloat());
				for (final SgdMomentum o : opts) o.step(0.01f);
			}
			assertTrue(changed(before0, snapshot(nets.get(0))) > 0.9, "network 1 learned");
			assertTrue(changed(before1, snapshot(nets.get(1))) > 0.9, "network 2 learned");
			// the auxiliary heads only learn from the feature-perturbation loss
			final List<Parameter> p = nets.get(0).trainableParameters();
			final float[] auxAfter = p.get(p.size() - 1).getArray().toFloatArray();
			assertNotEquals(Arrays.toString(before0[before0.length - 1]), Arrays.toString(auxAfter));
		}
	}

	@Test
	void rampUpAndWarmupScheduleTheUnlabeledWeight() {
		final CmemsSettings s = new CmemsSettings();
		s.rampUp = 0.4;
		s.warmup = 10;
		final CmemsMethod method = new CmemsMethod(s, 2, 2, 4, 4);
		assertEquals(0f, method.unlabeledWeight(0, 100), 0f, "warm-up");
		assertEquals(0f, method.unlabeledWeight(9, 100), 0f);
		assertEquals(Math.exp(-5), method.unlabeledWeight(10, 100), 1e-6, "ramp starts where the warm-up ends");
		assertEquals(Math.exp(-5 * 0.25 * 0.25), method.unlabeledWeight(40, 100), 1e-6);
		assertEquals(1f, method.unlabeledWeight(99, 100), 1e-6f);
		s.imagePerturbation = false;
		s.featurePerturbation = false;
		assertEquals(0f, new CmemsMethod(s, 2, 2, 4, 4).unlabeledWeight(99, 100), 0f, "no unlabeled loss switched on");
	}

	/** What a step asked its batch source for. */
	private static final class RecordingSource implements BatchSource {

		final BatchSource inner;
		final List<String> requests = new ArrayList<>();

		RecordingSource(final BatchSource inner) {
			this.inner = inner;
		}

		@Override
		public LabeledBatch labeled(final NDManager manager, final SplittableRandom random, final int exemplarCopies, final int synthetic) {
			requests.add("labeled " + exemplarCopies + "+" + synthetic);
			return inner.labeled(manager, random, exemplarCopies, synthetic);
		}

		@Override
		public LabeledBatch labeledFromPool(final NDManager manager, final SplittableRandom random, final int count) {
			requests.add("pool " + count);
			return inner.labeledFromPool(manager, random, count);
		}

		@Override
		public UnlabeledBatch unlabeled(final NDManager manager, final SplittableRandom random, final int count, final boolean withStrongViews) {
			requests.add("unlabeled " + count + (withStrongViews ? " strong" : " weak only"));
			return inner.unlabeled(manager, random, count, withStrongViews);
		}
	}

	/**
	 * The ablations of CMEMS.md: each switch removes exactly its component
	 * from the step (what is drawn, which networks learn, which terms exist).
	 */
	@Test
	void eachAblationSwitchRemovesExactlyItsComponent() {
		final String[] ablations = { "none", "synthetic", "imagePerturbation", "featurePerturbation", "crossModel" };
		final String[][] expectedTerms = { { "w", "sup1", "img1", "feat1", "sup2", "img2", "feat2" }, { "w", "sup1", "img1", "feat1", "sup2", "img2", "feat2" },
			{ "w", "sup1", "feat1", "sup2", "feat2" }, { "w", "sup1", "img1", "sup2", "img2" }, { "w", "sup1", "img1", "feat1" } };
		final String[][] expectedRequests = { { "labeled 2+2", "unlabeled 4 strong" }, { "labeled 4+0", "unlabeled 4 strong" },
			{ "labeled 2+2", "unlabeled 4 weak only" }, { "labeled 2+2", "unlabeled 4 strong" }, { "labeled 2+2", "unlabeled 4 strong" } };
		for (int a = 0; a < ablations.length; a++) {
			final TrainingSettings s = TinyRuns.settings("cmems", 10);
			s.method(CmemsSettings.class).rampUp = 0;
			s.method(CmemsSettings.class).threshold = 0.3;
			if (a == 1) s.method(CmemsSettings.class).synthetic = false;
			if (a == 2) s.method(CmemsSettings.class).imagePerturbation = false;
			if (a == 3) s.method(CmemsSettings.class).featurePerturbation = false;
			if (a == 4) s.method(CmemsSettings.class).crossModel = false;
			try (NDManager m = Tensors.manager();
				TrainingData data = TrainingData.prepare(ToyData.inputs(1, 32, 6, 0), 0, null, 32, s.normalization, m))
			{
				final CmemsMethod method = new CmemsMethod(s.method(CmemsSettings.class), 2, 2, 4, data.classes());
				assertEquals(a == 4 ? 1 : 2, method.networkCount(), ablations[a]);
				final List<SegmentationNetwork> nets = new ArrayList<>();
				for (int k = 0; k < method.networkCount(); k++) nets.add(SegmentationNetwork.create(s.network, data.classes(), WeightInit.forNetwork(k), 10 + k, m));
				final RecordingSource source = new RecordingSource(new BatchSampler(data, s.augmentation, s.synthesis));
				try (NDManager scope = m.newSubManager(); GradientCollector gc = Djl.engine().newGradientCollector()) {
					final StepLoss loss = method.loss(new TrainingStep(0, 10, scope, new SplittableRandom(1), nets, source));
					gc.backward(loss.total());
					assertEquals(Arrays.asList(expectedTerms[a]), new ArrayList<>(loss.terms().keySet()), "terms without " + ablations[a]);
					assertEquals(Arrays.asList(expectedRequests[a]), source.requests, "batches without " + ablations[a]);
					for (final String t : loss.terms().keySet()) assertTrue(Float.isFinite(loss.terms().get(t).getFloat()), t);
				}
			}
		}
	}

	/**
	 * The gradients of a step must not depend on when the JVM collects
	 * garbage: no array that autograd saved may live in memory that Java frees
	 * (see {@link NativeChurn}). Before the engine made such arrays in
	 * PyTorch's own memory, a collection between forward and backward pass
	 * turned the gradients into garbage, at times infinite; in a training run
	 * this happened at random.
	 */
	@Test
	void stepGradientsDoNotDependOnGarbageCollection() {
		for (final String name : Arrays.asList(SupervisedMethod.WITH_SYNTHETIC.name(), CmemsMethod.DESCRIPTOR.name())) {
			final TrainingSettings s = TinyRuns.settings(name, 10);
			s.method(CmemsSettings.class).rampUp = 0;
			s.method(CmemsSettings.class).threshold = 0.3; // every term active, so every path of the step is checked
			try (NDManager m = Tensors.manager();
				TrainingData data = TrainingData.prepare(ToyData.inputs(1, 32, 6, 0), 0, null, 32, s.normalization, m))
			{
				final int count = method(s, data).networkCount();
				final List<SegmentationNetwork> nets = new ArrayList<>();
				for (int k = 0; k < count; k++) nets.add(SegmentationNetwork.create(s.network, data.classes(), WeightInit.forNetwork(k), 10 + k, m));
				final float[][] quiet = stepGradients(s, data, nets, false);
				final float[][] churned = stepGradients(s, data, nets, true);
				for (int i = 0; i < quiet.length; i++)
					assertEquals(Arrays.toString(quiet[i]), Arrays.toString(churned[i]), name + ": gradient of parameter tensor " + i + " (network 1 first)");
			}
		}
	}

	private static TrainingMethod method(final TrainingSettings s, final TrainingData data) {
		return TrainingMethods.get(s.method).create(new MethodArguments(s.exemplarBatch, s.syntheticBatch, s.unlabeledBatch, data.classes(), s.toJson()));
	}

	/** @return every parameter's gradient after one step of {@code s.method} from a fixed seed, with {@link NativeChurn} before the backward pass or not */
	private static float[][] stepGradients(final TrainingSettings s, final TrainingData data, final List<SegmentationNetwork> nets, final boolean churn) {
		final TrainingMethod method = method(s, data);
		final List<float[]> gradients = new ArrayList<>();
		try (NDManager scope = data.manager().newSubManager()) {
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
					ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
				}
		}
		return gradients.toArray(new float[0][]);
	}

	/** @return fraction of parameter tensors that differ */
	private static double changed(final float[][] a, final float[][] b) {
		int n = 0;
		for (int i = 0; i < a.length; i++) if (!Arrays.equals(a[i], b[i])) n++;
		return n / (double) a.length;
	}
}
