package sc.fiji.cmems.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.batch.FixedBatches;
import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.Seeds;
import sc.fiji.cmems.engine.method.CmemsMethod;
import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.method.StepLoss;
import sc.fiji.cmems.engine.method.SupervisedMethod;
import sc.fiji.cmems.engine.method.TrainingMethod;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;
import sc.fiji.cmems.engine.optim.Optimiser;
import sc.fiji.cmems.engine.optim.SgdMomentum;
import sc.fiji.cmems.engine.perturb.AugmentationSettings;
import sc.fiji.cmems.engine.synth.SynthesisSettings;
import sc.fiji.cmems.engine.train.StepRunner;

/**
 * One training step of the engine on a fixed batch: the real
 * {@link TrainingMethod} ({@link CmemsMethod} with two networks, or the
 * single-network {@link SupervisedMethod}), one gradient collector, the
 * scalars read back, the gradient check and one {@link SgdMomentum} step per
 * network, in a per-step scope, as the training loop does it; only the
 * batches are fixed ({@link FixedBatches}). This is the work the PyTorch twin
 * repeats, on the same weights and inputs ({@link #export}).
 */
final class StepWorkload implements Workload {

	static final double LEARNING_RATE = 0.01;
	static final double MOMENTUM = 0.9;
	static final double WEIGHT_DECAY = 1e-4;
	/** Total iterations the method is told about (its ramp-up only scales the unlabeled weight). */
	private static final int ITERATIONS = 1_000_000;

	/** What the step trains. */
	enum Kind {
		CMEMS(0), SUPERVISED(1);

		final int code;

		Kind(final int code) {
			this.code = code;
		}
	}

	private final Kind kind;
	private final NDManager root;
	private final TrainingData data;
	private final NetworkSettings networkSettings;
	private final List<SegmentationNetwork> networks = new ArrayList<>();
	private final List<Optimiser> optimisers = new ArrayList<>();
	private final TrainingMethod method;
	private final FixedBatches batches;
	private final long seed;
	private final StepRunner runner;
	private int iteration;

	/**
	 * @param exemplarCopies exemplar copies of the labeled batch
	 * @param synthetic synthetic samples of the labeled batch
	 * @param unlabeled unlabeled slices (CMEMS only)
	 */
	StepWorkload(final Kind kind, final TrainingInputs inputs, final int size, final int exemplarCopies, final int synthetic, final int unlabeled,
		final NetworkSettings network, final CmemsSettings cmems, final long seed, final Device device)
	{
		this.kind = kind;
		this.networkSettings = network;
		this.seed = seed;
		this.root = Djl.engine().newBaseManager(device);
		try {
			this.data = TrainingData.prepare(inputs, BenchInputs.CLASSES, null, size, new Normalization(), root);
			final int count = kind == Kind.CMEMS ? (cmems.crossModel ? 2 : 1) : 1;
			for (int k = 0; k < count; k++) {
				networks.add(SegmentationNetwork.create(network, data.classes(), WeightInit.forNetwork(k), Seeds.derive(seed, 0xBE4C, k), root));
				optimisers.add(new SgdMomentum(networks.get(k).trainableParameters(), MOMENTUM, WEIGHT_DECAY, root));
			}
			final BatchSampler sampler = new BatchSampler(data, new AugmentationSettings(), new SynthesisSettings());
			if (kind == Kind.CMEMS) {
				method = new CmemsMethod(cmems, exemplarCopies, synthetic, unlabeled, data.classes());
				batches = FixedBatches.draw(sampler, root, seed, exemplarCopies, synthetic, unlabeled, true);
			}
			else {
				method = new SupervisedMethod(SupervisedMethod.Source.EXEMPLAR_AND_SYNTHETIC, exemplarCopies, synthetic);
				batches = FixedBatches.draw(sampler, root, seed, exemplarCopies, synthetic, 0, false);
			}
		}
		catch (final RuntimeException e) {
			root.close();
			throw e;
		}
		runner = new StepRunner(method, networks, optimisers, batches, root, seed, ITERATIONS);
	}

	/** One step, exactly the work of an iteration of the training loop (the same {@link StepRunner}) minus the batch drawing. */
	@Override
	public void runOnce() {
		final StepRunner.Result r = runner.step(iteration, (float) LEARNING_RATE);
		if (!Float.isFinite(r.total)) throw new IllegalStateException("the loss became " + r.total + " in the benchmark");
		iteration++;
	}

	/** Reseeds as the loop does, asks the method for its loss under one collector and runs backward. */
	StepLoss lossAndBackward(final NDManager scope) {
		return runner.lossAndBackward(scope, iteration);
	}

	/**
	 * Writes what the twin needs to repeat this step: the case, the network
	 * settings, the optimiser settings, every parameter of every network
	 * ({@code net<k>/<index>:<name>}, batch-norm statistics included, in the
	 * network's order), the fixed batch and, for CMEMS, the thresholds and the
	 * unlabeled weight.
	 */
	@Override
	public void export(final TensorFile file) {
		file.addLongs("meta/case", new long[] { kind.code }, 1);
		exportNetworks(file, networkSettings, networks, data.classes());
		file.add("meta/sgd", new float[] { (float) LEARNING_RATE, (float) MOMENTUM, (float) WEIGHT_DECAY }, 3);
		final FixedBatches b = batches;
		file.add("batch/labeled/images", b.labeledBatch().images());
		file.add("batch/labeled/labels", b.labeledBatch().labels());
		file.add("batch/labeled/weights", b.labeledBatch().weights());
		if (b.unlabeledBatch() != null) {
			file.add("batch/unlabeled/weak", b.unlabeledBatch().weak());
			file.add("batch/unlabeled/strong", b.unlabeledBatch().strong());
			file.add("batch/cutmix/box", b.unlabeledBatch().cutMix().box());
			file.add("batch/cutmix/source", b.unlabeledBatch().cutMix().source());
		}
		if (method instanceof CmemsMethod) {
			final CmemsMethod m = (CmemsMethod) method;
			for (int t = 0; t < networks.size(); t++) file.add("meta/threshold" + (t + 1), m.thresholds(t), m.thresholds(t).length);
			file.scalar("meta/weight", m.unlabeledWeight(iteration, ITERATIONS));
		}
	}

	/** Writes the architecture and every parameter of {@code nets} (see {@link #export}). */
	static void exportNetworks(final TensorFile file, final NetworkSettings s, final List<SegmentationNetwork> nets, final int classes) {
		file.addLongs("meta/classes", new long[] { classes }, 1);
		file.addLongs("meta/networks", new long[] { nets.size() }, 1);
		final long[] channels = new long[s.channels.length];
		for (int i = 0; i < channels.length; i++) channels[i] = s.channels[i];
		file.addLongs("meta/channels", channels, channels.length);
		file.add("meta/encoderDropout", floats(s.encoderDropout), s.encoderDropout.length);
		file.scalar("meta/leakySlope", s.leakySlope);
		file.scalar("meta/auxDropout", s.auxDropout);
		file.add("meta/featureDropRange", floats(s.featureDropRange), 2);
		file.scalar("meta/featureNoise", s.featureNoise);
		for (int k = 0; k < nets.size(); k++) {
			int i = 0;
			for (final Pair<String, Parameter> p : nets.get(k).namedParameters())
				file.add(String.format("net%d/%03d:%s", k + 1, i++, p.getKey()), p.getValue().getArray());
		}
	}

	private static float[] floats(final double[] v) {
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		return f;
	}

	Kind kind() {
		return kind;
	}

	List<SegmentationNetwork> networks() {
		return networks;
	}

	List<Optimiser> optimisers() {
		return optimisers;
	}

	FixedBatches batches() {
		return batches;
	}

	NDManager manager() {
		return root;
	}

	@Override
	public void close() {
		data.close();
		root.close();
	}
}
