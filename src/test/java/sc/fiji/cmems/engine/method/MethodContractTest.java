package sc.fiji.cmems.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import sc.fiji.cmems.engine.TinyRuns;
import sc.fiji.cmems.engine.ToyData;
import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.batch.FixedBatches;
import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;
import sc.fiji.cmems.engine.optim.Optimiser;
import sc.fiji.cmems.engine.optim.OptimiserSpec;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.StepRunner;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingListener;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * What every registered training method must do, on tiny data: lower its
 * supervised loss on a fixed batch, train with finite losses, resume from a
 * checkpoint exactly as an uninterrupted run goes on, and give a model bundle
 * that reads back and segments an image. A
 * new method registered in {@link TrainingMethods} is tested here without a
 * line added.
 */
class MethodContractTest {

	private static final int ITERATIONS = 6, STOP_AT = 3;

	static List<String> methods() {
		return TrainingMethods.names();
	}

	/** Exemplar, unlabeled images, validation images and a labeled pool: every method finds what it needs. */
	private static TrainingInputs inputs() {
		final TrainingInputs base = ToyData.inputs(4, 32, 4, 2);
		final List<ImageInput> pool = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			final ToyData.Sample s = ToyData.sample(900 + i, 32, 32);
			pool.add(ImageInput.labeled("pool" + i, s.image, s.labels));
		}
		return new TrainingInputs(base.exemplar(), base.unlabeled(), base.validation(), pool);
	}

	/**
	 * The supervised term of the loss goes down when the same batch is trained
	 * on again (the StepRunner the training loop uses, on fixed batches).
	 */
	@ParameterizedTest
	@MethodSource("methods")
	void lossGoesDownOnAFixedBatch(final String name) {
		final MethodDescriptor descriptor = TrainingMethods.get(name);
		final TrainingSettings s = TinyRuns.settings(name, 20);
		try (NDManager root = Djl.engine().newBaseManager(Device.cpu());
			TrainingData data = TrainingData.prepare(inputs(), 0, null, s.imageSize, s.normalization, root))
		{
			final TrainingMethod method = descriptor.create(new MethodArguments(s.exemplarBatch, s.syntheticBatch, s.unlabeledBatch, data.classes(), s.toJson()));
			final List<SegmentationNetwork> networks = new ArrayList<>();
			final List<Optimiser> optimisers = new ArrayList<>();
			for (int k = 0; k < method.networkCount(); k++) {
				networks.add(SegmentationNetwork.create(method.network(k, s.network), data.classes(), WeightInit.forNetwork(k), 40 + k, root));
				optimisers.add(method.optimiser(k, OptimiserSpec.sgd(s.momentum, s.weightDecay)).create(networks.get(k).trainableParameters(), root));
			}
			method.start(networks, root);
			final FixedBatches batches = FixedBatches.draw(new BatchSampler(data, s.augmentation, s.synthesis), root, 3, s.exemplarBatch, s.syntheticBatch,
				descriptor.needsUnlabeled() ? s.unlabeledBatch : 0, descriptor.needsUnlabeled());
			final StepRunner runner = new StepRunner(method, networks, optimisers, batches, root, s.seed, s.iterations);
			final String supervised = descriptor.terms().stream().filter(t -> t.role == MethodDescriptor.Role.SUPERVISED).findFirst().get().key;
			float first = Float.NaN, last = Float.NaN;
			int reported = 0;
			for (int i = 0; i < s.iterations; i++) {
				final StepRunner.Result r = runner.step(i, 0.01f);
				assertTrue(Float.isFinite(r.total) && r.updated, name + ": step " + i + " gave " + r.total);
				// a method may drop its supervised loss late in the run (Semi-CML's stage 2): the steps that report it count
				final Float term = r.terms.containsKey(supervised) ? r.terms.get(supervised) : r.terms.get(supervised + "1");
				if (term == null) continue;
				if (reported++ == 0) first = term;
				last = term;
			}
			assertTrue(reported >= 10, name + ": only " + reported + " of " + s.iterations + " steps reported the supervised loss");
			// 0.9: CAML's supervised loss is a soft Dice alone (weight 0.5), which falls by about 11 % in these 20 steps
			assertTrue(last < 0.9f * first, name + ": the supervised loss went from " + first + " to " + last + " on the same batch");
		}
	}

	@ParameterizedTest
	@MethodSource("methods")
	void trainsResumesExactlyAndSegments(final String method, @TempDir final Path dir) throws IOException {
		final TrainingInputs inputs = inputs();
		final TrainingSettings s = TinyRuns.settings(method, ITERATIONS);
		s.validateEvery = 2;
		final TrainingResult straight = new Trainer(s).train(inputs);
		assertEquals(ITERATIONS, straight.history().size());
		for (final IterationReport r : straight.history()) {
			assertTrue(Float.isFinite(r.loss()), method + ": loss at iteration " + r.iteration() + " is " + r.loss());
			assertFalse(r.terms().isEmpty(), method + " reports its loss terms");
			for (final Map.Entry<String, Float> t : r.terms().entrySet()) assertTrue(Float.isFinite(t.getValue()), method + ": term " + t);
		}

		final Path checkpoint = dir.resolve("run.ckpt");
		final AtomicInteger done = new AtomicInteger();
		final TrainingResult first = new Trainer(s).checkpoints(checkpoint).stopWhen(() -> done.get() >= STOP_AT).listener(new TrainingListener() {

			@Override
			public void iterationDone(final IterationReport report) {
				done.set(report.iteration());
			}
		}).train(inputs);
		first.model().close();
		assertTrue(first.stopped() && Files.exists(checkpoint), method + ": a stop writes a checkpoint");
		final TrainingResult resumed = Trainer.resume(checkpoint, inputs, s, null, null);

		final Path bundle = dir.resolve("model.cmems");
		try (SegmentationModel a = straight.model(); SegmentationModel b = resumed.model()) {
			for (int i = STOP_AT; i < ITERATIONS; i++)
				assertEquals(straight.history().get(i).terms(), resumed.history().get(i - STOP_AT).terms(), method + ": iteration " + (i + 1) + " after resuming");
			assertEquals(a.networks().size(), b.networks().size());
			for (int k = 0; k < a.networks().size(); k++)
				assertArrayEquals(a.networks().get(k).toBytes(), b.networks().get(k).toBytes(), method + ": network " + (k + 1) + " after resuming");
			ModelBundle.write(a, bundle);
		}

		final ToyData.Sample image = ToyData.sample(77, 40, 36);
		try (SegmentationModel m = ModelBundle.read(bundle, Device.cpu())) {
			assertEquals(method, m.info().method);
			final int[] labels = ImgSlices.readInts(new Segmenter(m, Ensemble.MEAN).segment(image.image), 0);
			assertEquals(40 * 36, labels.length);
			for (final int l : labels) assertTrue(l >= 0 && l < m.info().classes, method + ": label " + l);
		}
	}
}
