package sc.fiji.cmems.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.NativeMemory;
import sc.fiji.cmems.engine.method.CmemsMethod;
import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.SupervisedMethod;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * {@code cmems bench}: per-iteration time and peak memory of the engine's
 * CMEMS step (both networks, all losses, backward, optimiser steps), of a
 * single-network supervised step and of inference, at the given sizes, side
 * by side with the PyTorch twin on the same weights and inputs.
 * <p>
 * For every size and case the engine and the twin run alternating blocks
 * (DJL, PyTorch, DJL, ...; who starts alternates too), so both see the same
 * machine load and the ratio of their times is robust even when the absolute
 * times are not. The training loop itself ({@code Trainer}, batch drawing
 * included) is timed in the same rotation, DJL only (the twin has no data
 * pipeline). Memory is measured in a separate, untimed pass per row.
 */
public final class Bench {

	private final BenchSettings settings;
	private final PrintStream out;

	public Bench(final BenchSettings settings, final PrintStream out) {
		this.settings = settings.check();
		this.out = out;
	}

	/**
	 * Runs the benchmark with the engine's thread count set to the settings'
	 * (and set back afterwards if the engine ran before).
	 *
	 * @param command the command line, for the report
	 */
	public BenchReport run(final String command) throws IOException {
		final int threads = settings.resolvedThreads();
		// the engine may have started before (another command, a test): its thread count is restored at the end
		final int threadsBefore = Djl.setThreads(threads);
		final DeviceChoice device = DeviceChoice.resolve(settings.device);
		try {
			return measure(command, threads, device);
		}
		finally {
			if (threadsBefore != threads) Djl.setThreads(threadsBefore);
		}
	}

	private BenchReport measure(final String command, final int threads, final DeviceChoice device) throws IOException {
		final BenchReport report = new BenchReport();
		final String loadBefore = Machine.loadAverage();
		final double busyBefore = Machine.busyCpuSeconds();
		final double benchBefore = CpuUse.cpuSecondsWithEndedChildren();
		final long start = System.nanoTime();
		report.header.add("## cmems bench, " + Machine.now());
		report.header.add("");
		report.header.add("- command: `" + command + "`");
		report.header.add("- machine: " + Machine.description() + "; load average (1, 5, 15 min) before: " + loadBefore);
		report.header.add("- engine: DJL on " + device.description() + ", " + JniUtils.getNumThreads() + " intra-op thread(s), "
			+ JniUtils.getNumInteropThreads() + " inter-op thread(s); Java " + System.getProperty("java.version"));
		report.header.add("- native memory: " + NativeMemory.settings() + "; the twin inherits the same environment");
		report.header.add(String.format(Locale.ROOT, "- batches: %d labeled (%d exemplar copies + %d synthetic) + %d unlabeled (weak + strong views); "
			+ "inference batch %d slices, 2-network ensemble", settings.labeled, settings.exemplarCopies(), settings.synthetic(), settings.unlabeled,
			settings.inferenceBatch));
		report.header.add(String.format(Locale.ROOT, "- timing: %d warm-up run(s), then %d block(s) of %d run(s) per side, alternating; memory pass of %d run(s)",
			settings.warmup, settings.blocks, settings.iterations, settings.memoryRuns));

		PytorchTwin twin = null;
		try {
			twin = startTwin(device, threads, report);
			for (final int size : settings.sizes) {
				final TrainingInputs inputs = BenchInputs.training(settings.seed, size, Math.max(8, 2 * settings.unlabeled));
				for (final String c : settings.cases) {
					out.printf(Locale.ROOT, "size %d: %s ...%n", size, c);
					if (c.equals("inference")) inference(size, device.device(), twin, report);
					else if (!BenchSettings.TWIN_CASES.contains(c)) methodLoop(c, size, inputs, report);
					else step(c.equals("cmems") ? StepWorkload.Kind.CMEMS : StepWorkload.Kind.SUPERVISED, size, inputs, device.device(), twin, report);
				}
			}
		}
		finally {
			if (twin != null) twin.close(); // waits for it: its CPU time now counts as the bench's
		}
		final String loadAfter = Machine.loadAverage();
		report.header.add("- load average after: " + loadAfter);
		final double wall = (System.nanoTime() - start) / 1e9;
		// what all cores did minus what the bench did (this process, the twin and the checks it waited for)
		final double others = Math.max(0, Machine.busyCpuSeconds() - busyBefore - (CpuUse.cpuSecondsWithEndedChildren() - benchBefore));
		if (Double.isFinite(others)) {
			report.header.add(String.format(Locale.ROOT, "- CPU time of other processes during the run: %.0f s over %.0f s of wall time (%.0f %% of one core)",
				others, wall, 100 * others / wall));
			if (others > BUSY_SHARE * wall) report.notes.add(String.format(Locale.ROOT, "The machine was busy: other processes used %.0f %% of a core "
				+ "during the run. Absolute times are not representative; the DJL/PyTorch ratios come from alternating blocks that shared the same "
				+ "load, and their spread shows how much the load moved them.", 100 * others / wall));
		}
		else {
			// no /proc/stat: the load average, which counts the bench's own threads too, is all there is
			final int cores = Runtime.getRuntime().availableProcessors();
			final double load = Math.max(parseLoad(loadBefore), parseLoad(loadAfter));
			if (load > 0.5 * cores) report.notes.add(String.format(Locale.ROOT, "The machine may have been busy (1-minute load average up to %.2f on "
				+ "%d cores, the bench's own threads included): absolute times may not be representative.", load, cores));
		}
		return report;
	}

	/** Other processes using more than this share of one core make a run "busy". */
	private static final double BUSY_SHARE = 0.1;

	private PytorchTwin startTwin(final DeviceChoice device, final int threads, final BenchReport report) throws IOException {
		if (settings.twin.equals("off")) {
			report.header.add("- PyTorch twin: off");
			return null;
		}
		final Path repository;
		try {
			repository = PytorchTwin.repository();
		}
		catch (final IllegalArgumentException e) {
			if (settings.twin.equals("on")) throw e;
			report.header.add("- PyTorch twin: not used, " + e.getMessage());
			return null;
		}
		final PytorchTwin.Availability a = settings.installTorch ? PytorchTwin.ensure(settings.python, repository, out)
			: PytorchTwin.check(settings.python);
		if (!a.available) {
			if (settings.twin.equals("on")) throw new IllegalArgumentException(a.reason);
			report.header.add("- PyTorch twin: not used, " + a.reason);
			out.println("PyTorch twin not used: " + a.reason);
			return null;
		}
		// the twin computes where the engine does: the same GPU, or the CPU
		final Device d = device.device();
		final PytorchTwin t = PytorchTwin.start(settings.python, repository, threads, settings.twinUpsample,
			d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu");
		report.header.add("- PyTorch twin: `" + PytorchTwin.SCRIPT + "` with PyTorch " + t.torchVersion() + " (" + settings.python + ") on " + t.device() + ", "
			+ t.threads()
			+ " intra-op thread(s), bilinear x2 upsampling by " + (settings.twinUpsample.equals("interpolate") ? "F.interpolate" : "matrix products (as the engine)"));
		return t;
	}

	private void step(final StepWorkload.Kind kind, final int size, final TrainingInputs inputs, final Device device, final PytorchTwin twin,
		final BenchReport report) throws IOException
	{
		final String name = kind == StepWorkload.Kind.CMEMS ? "CMEMS" : "supervised";
		final BenchReport.Row step = new BenchReport.Row(size, name + " step (" + (kind == StepWorkload.Kind.CMEMS ? "2 networks" : "1 network")
			+ ", fixed batch)", 0);
		final BenchReport.Row loop = settings.loop ? new BenchReport.Row(size, name + " training-loop iteration (batches drawn)", 0) : null;
		final String method = kind == StepWorkload.Kind.CMEMS ? CmemsMethod.DESCRIPTOR.name() : SupervisedMethod.WITH_SYNTHETIC.name();
		final TrainingSettings loopSettings = LoopTiming.settings(method, size, settings.exemplarCopies(), settings.synthetic(), settings.unlabeled,
			settings.device, settings.seed);
		try (StepWorkload w = new StepWorkload(kind, inputs, size, settings.exemplarCopies(), settings.synthetic(),
			kind == StepWorkload.Kind.CMEMS ? settings.unlabeled : 0, new NetworkSettings(), new CmemsSettings(), settings.seed, device))
		{
			alternate(w, twin, step, settings.iterations, b -> {
				if (loop != null) {
					loop.djlBlocks.add(LoopTiming.run(loopSettings, inputs, b == 0 ? Math.max(1, settings.warmup) : 1, settings.iterations));
					progress(loop, b);
				}
			});
		}
		report.rows.add(step);
		if (loop != null) {
			if (settings.memoryRuns > 0) loop.djlMemory = loopMemory(loopSettings, inputs);
			report.rows.add(loop);
		}
	}

	/**
	 * A method without a PyTorch twin: iterations of the real training loop, timed in blocks (DJL only). A method's
	 * first stage is skipped where it has one by setting (MLB-Seg's supervised stage 0), so that its main step is timed.
	 */
	private void methodLoop(final String method, final int size, final TrainingInputs inputs, final BenchReport report) throws IOException {
		final MethodDescriptor d = TrainingMethods.get(method);
		final BenchReport.Row loop = new BenchReport.Row(size, d.label() + " training-loop iteration (batches drawn; no PyTorch twin)", 0);
		final TrainingSettings s = LoopTiming.settings(method, size, settings.exemplarCopies(), settings.synthetic(), settings.unlabeled, settings.device,
			settings.seed);
		if (TrainingSettings.isSetting(method + ".initialStage")) s.set(method + ".initialStage", "0");
		for (int b = 0; b < settings.blocks; b++) {
			loop.djlBlocks.add(LoopTiming.run(s, inputs, b == 0 ? Math.max(1, settings.warmup) : 1, settings.iterations));
			progress(loop, b);
		}
		if (settings.memoryRuns > 0) loop.djlMemory = loopMemory(s, inputs);
		report.rows.add(loop);
	}

	/** @return the peak memory of {@code memoryRuns} iterations of the training loop */
	private MemoryProbe.Figures loopMemory(final TrainingSettings loopSettings, final TrainingInputs inputs) {
		return MemoryProbe.measure(() -> {
			try {
				LoopTiming.run(loopSettings, inputs, 0, settings.memoryRuns);
			}
			catch (final IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
	}

	private void inference(final int size, final Device device, final PytorchTwin twin, final BenchReport report) throws IOException {
		final BenchReport.Row row = new BenchReport.Row(size, "inference (2-network ensemble, batch " + settings.inferenceBatch + ")",
			settings.inferenceBatch);
		final int runs = 2 * settings.iterations; // batches are short: twice as many per block
		try (InferenceWorkload w = new InferenceWorkload(BenchInputs.slices(settings.seed, size, settings.inferenceBatch), size, 2, settings.seed, device)) {
			alternate(w, twin, row, runs, null);
		}
		report.rows.add(row);
	}

	private static double parseLoad(final String loadAverage) {
		try {
			return Double.parseDouble(loadAverage.split(" ")[0]);
		}
		catch (final NumberFormatException e) {
			return Double.NaN;
		}
	}

	/** Runs after each timed block, e.g. to time the training loop between blocks. */
	@FunctionalInterface
	private interface BlockHook {
		void afterBlock(int block) throws IOException;
	}

	/**
	 * Times a workload and the twin's copy of it in alternating blocks (who
	 * starts alternates too), after warm-up on both sides, then measures both
	 * sides' memory in an untimed pass. The twin may be null (DJL only).
	 */
	private void alternate(final Workload w, final PytorchTwin twin, final BenchReport.Row row, final int runs, final BlockHook hook) throws IOException {
		final Path file = Files.createTempFile("cmems-bench-", ".tns");
		try {
			if (twin != null) {
				final TensorFile f = new TensorFile();
				w.export(f);
				f.write(file);
				twin.load(file);
			}
			for (int i = 0; i < settings.warmup; i++) w.runOnce();
			if (twin != null && settings.warmup > 0) twin.time(settings.warmup);
			for (int b = 0; b < settings.blocks; b++) {
				final boolean djlFirst = b % 2 == 0;
				if (!djlFirst && twin != null) row.addTwinBlock(twin.time(runs));
				row.addDjlBlock(time(w, runs));
				if (djlFirst && twin != null) row.addTwinBlock(twin.time(runs));
				progress(row, b);
				if (hook != null) hook.afterBlock(b);
			}
			if (settings.memoryRuns > 0) {
				row.djlMemory = MemoryProbe.measure(() -> {
					for (int i = 0; i < settings.memoryRuns; i++) w.runOnce();
				});
				if (twin != null) row.twinMemory = twin.memory(settings.memoryRuns);
			}
			if (twin != null) twin.unload();
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private static TimedRuns time(final Workload w, final int runs) {
		final List<Double> s = new ArrayList<>();
		final CpuUse before = CpuUse.ofThisProcess();
		for (int i = 0; i < runs; i++) {
			final long t0 = System.nanoTime();
			w.runOnce();
			s.add((System.nanoTime() - t0) / 1e9);
		}
		final CpuUse after = CpuUse.ofThisProcess();
		return new TimedRuns(s, before == null || after == null ? null : after.since(before, runs));
	}

	private void progress(final BenchReport.Row row, final int block) {
		final Timings d = new Timings();
		d.addAll(row.djlBlocks.get(block));
		String line = String.format(Locale.ROOT, "  block %d: %s DJL median %.3f s", block + 1, row.what, d.median());
		if (row.twinBlocks.size() > block) {
			final Timings t = new Timings();
			t.addAll(row.twinBlocks.get(block));
			line += String.format(Locale.ROOT, ", PyTorch %.3f s, ratio %.2f", t.median(), d.median() / t.median());
		}
		out.println(line);
	}
}
