package sc.fiji.cmems.engine.train;

import ai.djl.ndarray.NDManager;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import sc.fiji.cmems.engine.batch.BatchSampler;
import sc.fiji.cmems.engine.data.InvalidInputException;
import sc.fiji.cmems.engine.data.TrainingData;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.Seeds;
import sc.fiji.cmems.engine.method.MethodArguments;
import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethod;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;
import sc.fiji.cmems.engine.optim.Optimiser;
import sc.fiji.cmems.engine.optim.OptimiserSpec;

/**
 * The training loop, shared by every {@link TrainingMethod}.
 * <p>
 * Each iteration runs in its own {@link NDManager} scope (native memory is
 * freed when it ends), reseeds the tensor engine and a Java generator from
 * (seed, iteration) and runs the method's update ({@link StepRunner}) at the
 * scheduled learning rate, and reports to the {@link TrainingListener}.
 * The method chooses its networks' architectures and optimisers and owns its
 * update; the loop keeps every optimiser's and the method's state in the
 * checkpoints.
 * Every {@code validateEvery} iterations it measures the mean foreground Dice
 * on the validation set and keeps the best networks; every
 * {@code checkpointEvery} iterations, and when stopped, it writes a checkpoint
 * from which {@link #resume} continues exactly as an uninterrupted run would.
 */
public final class Trainer {

	/** Updates with non-finite gradients are skipped; this many in a row stop the run. */
	static final int MAX_SKIPPED_IN_A_ROW = 5;

	private final TrainingSettings settings;
	private TrainingListener listener = TrainingListener.NONE;
	private BooleanSupplier stopRequested = () -> false;
	private Path checkpointFile;
	private Map<String, byte[]> carried = new LinkedHashMap<>();
	private List<byte[]> initialNetworks = null;

	public Trainer(final TrainingSettings settings) {
		this.settings = settings.copy().check();
	}

	/** @param l receives progress (on the training thread) */
	public Trainer listener(final TrainingListener l) {
		this.listener = l == null ? TrainingListener.NONE : l;
		return this;
	}

	/** @param stop polled before every iteration; when it says true the run stops and keeps its best model */
	public Trainer stopWhen(final BooleanSupplier stop) {
		this.stopRequested = stop == null ? () -> false : stop;
		return this;
	}

	/** @param file where checkpoints are written (atomically), or null for none */
	public Trainer checkpoints(final Path file) {
		this.checkpointFile = file;
		return this;
	}

	/** @param entries written into every checkpoint beside the training state (a second stage's first stage) */
	Trainer carry(final Map<String, byte[]> entries) {
		this.carried = new LinkedHashMap<>(entries);
		return this;
	}

	/** @param networks each network's starting parameters instead of a fresh initialisation (a second stage warm-started from the first) */
	Trainer startFrom(final List<byte[]> networks) {
		this.initialNetworks = networks;
		return this;
	}

	/** Trains from scratch (in two stages when {@code focus.enabled}: {@link FocusedTraining}). */
	public TrainingResult train(final TrainingInputs inputs) throws IOException {
		if (settings.focus.enabled && settings.focus.stage == null) return FocusedTraining.train(settings, inputs, listener, stopRequested, checkpointFile);
		return run(inputs, null, null);
	}

	/**
	 * Continues a run from its checkpoint, with the checkpoint's settings (the
	 * device, threads and checkpoint interval of this trainer apply). The
	 * inputs must be those of the original run.
	 */
	public static TrainingResult resume(final Path checkpoint, final TrainingInputs inputs, final TrainingSettings runtime,
		final TrainingListener listener, final BooleanSupplier stop) throws IOException
	{
		final Map<String, byte[]> entries = ModelBundle.readEntries(checkpoint);
		final TrainingSettings settings = TrainingSettings.fromJson(ModelBundle.readInfo(checkpoint).settings);
		settings.device = runtime.device;
		settings.threads = runtime.threads;
		settings.checkpointEvery = runtime.checkpointEvery;
		if (settings.focus.stage != null)
			return FocusedTraining.resume(checkpoint, entries, settings, inputs, listener == null ? TrainingListener.NONE : listener, stop == null ? () -> false : stop);
		return resumeStage(checkpoint, entries, settings, inputs, listener, stop, new LinkedHashMap<>());
	}

	/** Continues one run (or one stage of a two-stage run) from its checkpoint's entries, with {@code settings}. */
	static TrainingResult resumeStage(final Path checkpoint, final Map<String, byte[]> entries, final TrainingSettings settings, final TrainingInputs inputs,
		final TrainingListener listener, final BooleanSupplier stop, final Map<String, byte[]> carry) throws IOException
	{
		final Checkpoint.State state = Checkpoint.state(checkpoint, entries);
		final Trainer trainer = new Trainer(settings).listener(listener).stopWhen(stop).checkpoints(checkpoint).carry(carry);
		return trainer.run(inputs, entries, state);
	}

	private TrainingResult run(final TrainingInputs inputs, final Map<String, byte[]> resumeEntries, final Checkpoint.State resumeState)
		throws IOException
	{
		final long startTime = System.nanoTime();
		if (settings.threads > 0) Djl.setThreads(settings.threads);
		Djl.prepareThread();
		final DeviceChoice device = DeviceChoice.resolve(settings.device);
		if (device.fallbackReason() != null) listener.message("No GPU used: " + device.fallbackReason() + ". Training runs on the CPU.");
		try (NDManager root = Djl.engine().newBaseManager(device.device());
			TrainingData data = TrainingData.prepare(inputs, settings.classes, settings.exemplarClasses, settings.imageSize, settings.normalization, root))
		{
			final MethodDescriptor descriptor = TrainingMethods.get(settings.method);
			final TrainingMethod method = descriptor.create(new MethodArguments(settings.exemplarBatch, settings.syntheticBatch, settings.unlabeledBatch,
				data.classes(), settings.toJson(), !data.validation().isEmpty() && settings.validateEvery > 0, data.channels()));
			if (descriptor.needsUnlabeled() && data.poolSize() == 0)
				throw new InvalidInputException("method '" + method.name() + "' learns from unlabeled images, but none were given. With the exemplar alone this is "
					+ "supervised training: choose a method that does not need them (" + String.join(", ", withoutUnlabeled()) + "), or add unlabeled images");
			if (descriptor.needsLabeledPool() && data.labeledPoolSize() == 0)
				throw new InvalidInputException("method '" + method.name() + "' trains on a pool of labeled images, but none were given");
			// the networks read as many channels as the images have (a resumed run's settings say so already)
			if (settings.network.inputChannels != data.channels()) {
				if (resumeEntries != null)
					throw new InvalidInputException("the checkpoint's networks read " + settings.network.inputChannels + " channel(s), the images have " + data.channels());
				settings.network.inputChannels = data.channels();
			}
			final BatchSampler sampler = new BatchSampler(data, settings.augmentation, settings.synthesis);
			final List<SegmentationNetwork> networks = new ArrayList<>();
			final List<NetworkSettings> architectures = new ArrayList<>();
			final List<int[]> reading = new ArrayList<>();
			final List<Optimiser> optimisers = new ArrayList<>();
			final OptimiserSpec runOptimiser = OptimiserSpec.sgd(settings.momentum, settings.weightDecay);
			for (int k = 0; k < method.networkCount(); k++) {
				final int[] reads = method.inputChannels(k, data.channels());
				final NetworkSettings architecture = reads == null ? method.network(k, settings.network) : withInputs(method.network(k, settings.network), reads.length);
				architectures.add(architecture);
				reading.add(reads);
				networks.add(resumeEntries != null ? SegmentationNetwork.fromBytes(architecture, data.classes(), entry(resumeEntries, Checkpoint.networkEntry(k)), root)
					: initialNetworks != null ? SegmentationNetwork.fromBytes(architecture, data.classes(), initialNetworks.get(k % initialNetworks.size()), root)
					: SegmentationNetwork.create(architecture, data.classes(), WeightInit.forNetwork(k), Seeds.derive(settings.seed, 0x1417, k), root));
				optimisers.add(method.optimiser(k, runOptimiser).create(networks.get(k).trainableParameters(), root));
			}
			method.start(Collections.unmodifiableList(networks), root);
			final Loop loop = new Loop(root, data, method, sampler, networks, architectures, reading, optimisers, device.description());
			if (resumeState != null) loop.restore(resumeEntries, resumeState);
			return loop.run(startTime);
		}
	}

	/** @return a copy of {@code architecture} reading {@code channels} input channels */
	private static NetworkSettings withInputs(final NetworkSettings architecture, final int channels) {
		final NetworkSettings copy = architecture.copy();
		copy.inputChannels = channels;
		return copy;
	}

	/** @return the offered methods that train without unlabeled images */
	private static List<String> withoutUnlabeled() {
		final List<String> names = new ArrayList<>();
		for (final MethodDescriptor d : TrainingMethods.all()) if (d.offered() && !d.needsUnlabeled()) names.add("'" + d.name() + "'");
		return names;
	}

	private static byte[] entry(final Map<String, byte[]> entries, final String name) throws IOException {
		final byte[] b = entries.get(name);
		if (b == null) throw new IOException("checkpoint has no entry " + name);
		return b;
	}

	/** The state of one run. */
	private final class Loop {

		private final NDManager root;
		private final TrainingData data;
		private final TrainingMethod method;
		private final BatchSampler sampler;
		private final List<SegmentationNetwork> networks;
		private final List<NetworkSettings> architectures;
		/** per network, the 0-based channels it reads, null where all */
		private final List<int[]> inputs;
		private final List<Optimiser> optimisers;
		private final String deviceName;
		private final StepRunner runner;
		private final List<IterationReport> history = new ArrayList<>();
		private final List<ValidationReport> validations = new ArrayList<>();
		private int iteration = 0;
		private int startIteration = 0;
		private Double bestDice = null;
		private int bestIteration = 0;
		private List<byte[]> best = null;
		private int skippedInARow = 0;
		/** when the first iteration of this run ended: the time left is estimated from the iterations after it */
		private long firstStepEnd;

		Loop(final NDManager root, final TrainingData data, final TrainingMethod method, final BatchSampler sampler, final List<SegmentationNetwork> networks,
			final List<NetworkSettings> architectures, final List<int[]> inputs, final List<Optimiser> optimisers, final String deviceName)
		{
			this.architectures = architectures;
			this.inputs = inputs;
			this.root = root;
			this.data = data;
			this.method = method;
			this.sampler = sampler;
			this.networks = networks;
			this.optimisers = optimisers;
			this.deviceName = deviceName;
			this.runner = new StepRunner(method, networks, optimisers, sampler, root, settings.seed, settings.iterations);
		}

		void restore(final Map<String, byte[]> entries, final Checkpoint.State state) throws IOException {
			if (state.fingerprint != data.fingerprint())
				throw new InvalidInputException("the checkpoint was trained on other inputs (exemplar, number of unlabeled slices or image size differ); resume with the original inputs");
			for (int k = 0; k < optimisers.size(); k++)
				optimisers.get(k).load(new DataInputStream(new ByteArrayInputStream(entry(entries, Checkpoint.optimiserEntry(k)))));
			method.loadState(state.methodState);
			method.loadTensors(Checkpoint.methodTensors(entries));
			iteration = startIteration = state.iteration;
			bestDice = state.bestDice;
			bestIteration = state.bestIteration;
			if (entries.containsKey(Checkpoint.bestEntry(0))) {
				best = new ArrayList<>();
				for (int k = 0; k < networks.size(); k++) best.add(entry(entries, Checkpoint.bestEntry(k)));
			}
			for (final double[] v : state.validations) validations.add(new ValidationReport((int) v[0], v[1], new double[0], (int) v[0] == bestIteration));
		}

		TrainingResult run(final long startTime) throws IOException {
			final long parameters = networks.get(0).parameterCount();
			listener.started(new TrainingPlan(method.name(), deviceName, iteration, settings.iterations, data.classes(), data.labeledCount(), data.poolSize(),
				data.validation().size(), parameters, networks.size()));
			boolean stopped = false;
			int lastValidated = -1;
			while (iteration < settings.iterations) {
				if (stopRequested.getAsBoolean()) {
					stopped = true;
					break;
				}
				step(startTime);
				iteration++;
				if (!data.validation().isEmpty() && settings.validateEvery > 0 && iteration % settings.validateEvery == 0) {
					validate();
					lastValidated = iteration;
				}
				if (checkpointFile != null && settings.checkpointEvery > 0 && iteration % settings.checkpointEvery == 0 && iteration < settings.iterations)
					writeCheckpoint();
			}
			final boolean validateLast = !data.validation().isEmpty() && lastValidated != iteration && iteration > startIteration;
			// a stopped run's checkpoint is written before the validation at the stop, which is off the schedule: a
			// resumed run must choose its kept model among the same validations as an uninterrupted one
			if (stopped && checkpointFile != null && iteration > startIteration) writeCheckpoint();
			if (validateLast) validate();
			if (!stopped && checkpointFile != null && iteration > startIteration) writeCheckpoint();
			final SegmentationModel model = keptModel();
			return new TrainingResult(model, iteration, stopped, history, validations, (System.nanoTime() - startTime) / 1e9);
		}

		private void step(final long startTime) {
			final float lr = method.learningRate(iteration, settings.iterations, settings.learningRate(iteration));
			final StepRunner.Result r = runner.step(iteration, lr);
			final float total = r.total;
			final Map<String, Float> terms = r.terms;
			final Map<String, float[]> statistics = r.statistics;
			if (!Float.isFinite(total))
				throw new TrainingException("the loss became " + total + " at iteration " + (iteration + 1) + " (terms " + terms + "); training stopped"
					+ (checkpointFile != null ? " and the last checkpoint in " + checkpointFile + " is kept" : "")
					+ ". Try a lower learningRate.");
			if (r.updated) skippedInARow = 0;
			else {
				if (++skippedInARow > MAX_SKIPPED_IN_A_ROW)
					throw new TrainingException("the gradients were not finite in " + skippedInARow + " iterations in a row, up to iteration " + (iteration + 1)
						+ "; training stopped" + (checkpointFile != null ? " and the last checkpoint in " + checkpointFile + " is kept" : "") + ". Try a lower learningRate.");
				listener.message("Iteration " + (iteration + 1) + ": the gradients were not finite; this update was skipped.");
			}
			final long now = System.nanoTime();
			final double elapsed = (now - startTime) / 1e9;
			final int done = iteration + 1 - startIteration;
			if (done == 1) firstStepEnd = now;
			// not from the elapsed time: that holds reading the data and the first iteration's warm-up (32 s
			// against 5 s for the next ones at 128x128), which made the first estimates hours too long
			final double remaining = done < 2 ? Double.NaN : (now - firstStepEnd) / 1e9 / (done - 1) * (settings.iterations - iteration - 1);
			final IterationReport report = new IterationReport(iteration + 1, settings.iterations, total, terms, statistics, lr, elapsed, remaining);
			history.add(report);
			listener.iterationDone(report);
		}

		private void validate() {
			final List<SegmentationNetwork> recipe = new ArrayList<>();
			final List<Integer> chosen = inferenceNetworks();
			final int[][] reads = new int[chosen.size()][];
			for (int i = 0; i < chosen.size(); i++) {
				recipe.add(networks.get(chosen.get(i)));
				reads[i] = inputs.get(chosen.get(i));
			}
			final Validation.Result r = Validation.evaluate(recipe, reads, data, settings.normalization);
			final boolean isBest = bestDice == null || r.meanDice > bestDice;
			if (isBest) {
				bestDice = r.meanDice;
				bestIteration = iteration;
				best = ModelBundle.networkBytes(networks);
			}
			final ValidationReport report = new ValidationReport(iteration, r.meanDice, r.classDice, isBest);
			validations.add(report);
			method.validated(iteration, settings.iterations, r.meanDice);
			listener.validated(report);
		}

		private void writeCheckpoint() throws IOException {
			final Checkpoint.State state = new Checkpoint.State();
			state.iteration = iteration;
			state.fingerprint = data.fingerprint();
			state.methodState = method.saveState();
			state.bestDice = bestDice;
			state.bestIteration = bestIteration;
			for (final ValidationReport v : validations) state.validations.add(new double[] { v.iteration(), v.meanDice() });
			final List<byte[]> opt = new ArrayList<>();
			for (final Optimiser o : optimisers) opt.add(Checkpoint.bytes(o::save));
			Checkpoint.write(checkpointFile, info(iteration, null), ModelBundle.networkBytes(networks), opt, best, state, method.saveTensors(), carried);
			listener.checkpointWritten(checkpointFile, iteration);
		}

		/** @return the 0-based networks the method segments with */
		private List<Integer> inferenceNetworks() {
			final List<Integer> recipe = method.inferenceNetworks();
			if (recipe != null) return recipe;
			final List<Integer> all = new ArrayList<>();
			for (int k = 0; k < networks.size(); k++) all.add(k);
			return all;
		}

		/** @return the best networks by validation when validated, else the current ones, as an independent model */
		private SegmentationModel keptModel() throws IOException {
			final List<byte[]> bytes = best != null ? best : ModelBundle.networkBytes(networks);
			final ModelInfo info = info(best != null ? bestIteration : iteration, bestDice);
			final SegmentationModel localiser = info.focus == null ? null
				: ModelBundle.read(checkpointFile != null ? checkpointFile : java.nio.file.Paths.get("(training)"), carried.get(ModelBundle.LOCALISER_ENTRY), root.getDevice());
			final NDManager manager = Djl.engine().newBaseManager(root.getDevice());
			final List<SegmentationNetwork> nets = new ArrayList<>();
			try {
				for (int k = 0; k < bytes.size(); k++) nets.add(SegmentationNetwork.fromBytes(architectures.get(k), data.classes(), bytes.get(k), manager));
				return new SegmentationModel(info, nets, manager, localiser);
			}
			catch (final IOException | RuntimeException e) {
				manager.close();
				if (localiser != null) localiser.close();
				throw e;
			}
		}

		private ModelInfo info(final int iterations, final Double dice) {
			final ModelInfo info = new ModelInfo();
			info.method = method.name();
			info.networks = networks.size();
			info.classes = data.classes();
			info.classNames = new ArrayList<>();
			for (int c = 0; c < data.classes(); c++)
				info.classNames.add(settings.classNames != null && c < settings.classNames.size() ? settings.classNames.get(c)
					: c == 0 ? "background" : "class " + c);
			info.imageSize = settings.imageSize;
			info.normalization = settings.normalization;
			info.network = settings.network;
			if (!architectures.stream().allMatch(a -> a == settings.network)) info.architectures = new ArrayList<>(architectures);
			if (inputs.stream().anyMatch(r -> r != null)) {
				info.inputs = new ArrayList<>();
				for (final int[] r : inputs) {
					final List<Integer> channels = new ArrayList<>();
					if (r == null) for (int c = 1; c <= data.channels(); c++) channels.add(c);
					else for (final int c : r) channels.add(c + 1);
					info.inputs.add(channels);
				}
			}
			final List<Integer> recipe = method.inferenceNetworks();
			if (recipe != null) {
				info.inference = new ArrayList<>();
				for (final int k : recipe) info.inference.add(k + 1);
			}
			info.seed = settings.seed;
			info.iterations = iterations;
			info.validationDice = dice;
			info.settings = settings.toJson();
			info.testTimeFlips = settings.testTimeFlips;
			if (settings.focus.stage == FocusSettings.Stage.SEGMENT) info.focus = settings.focus.recipe();
			info.created = Instant.now().toString();
			info.software = Software.description();
			return info;
		}
	}
}
