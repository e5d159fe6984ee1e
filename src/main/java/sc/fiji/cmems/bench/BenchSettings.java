package sc.fiji.cmems.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import sc.fiji.cmems.engine.method.MethodDescriptor;
import sc.fiji.cmems.engine.method.TrainingMethods;

/** What {@code cmems bench} measures, and how. */
public final class BenchSettings {

	/** The cases with a PyTorch twin: the CMEMS and the supervised step, and inference. */
	static final List<String> TWIN_CASES = Arrays.asList("cmems", "supervised", "inference");
	/**
	 * The cases a bench can run: those with a twin, and the training-loop iteration of every other method that learns
	 * from unlabeled images (named as the method; DJL only, no PyTorch twin exists for them).
	 */
	public static final List<String> CASES = cases();

	private static List<String> cases() {
		final List<String> all = new ArrayList<>(TWIN_CASES);
		for (final MethodDescriptor d : TrainingMethods.all())
			if (d.needsUnlabeled() && !d.name().equals(TrainingMethods.DEFAULT) && !all.contains(d.name())) all.add(d.name());
		return Collections.unmodifiableList(all);
	}

	/** Network input sizes (square). */
	public List<Integer> sizes = new ArrayList<>(Arrays.asList(128, 256));
	/** Labeled samples per step: half exemplar copies (rounded up), the rest synthetic. */
	public int labeled = 4;
	/** Unlabeled slices per CMEMS step. */
	public int unlabeled = 4;
	/** Timed runs per block. */
	public int iterations = 3;
	/** Blocks per side; DJL and PyTorch blocks alternate. */
	public int blocks = 3;
	/** Untimed runs before the first block of each side. */
	public int warmup = 2;
	/** Runs in the memory pass of each side. */
	public int memoryRuns = 2;
	/** CPU threads of both engines (0 = all cores). */
	public int threads = 0;
	public List<String> cases = new ArrayList<>(TWIN_CASES);
	/** Whether to time the training loop ({@code Trainer}) too (DJL only). */
	public boolean loop = true;
	/** auto (use the twin when PyTorch can be had), on (required), off. */
	public String twin = "auto";
	/** Whether a missing python3-torch may be installed (bench/pytorch/ensure-torch.sh: root with apt-get only). */
	public boolean installTorch = true;
	public String python = PytorchTwin.DEFAULT_PYTHON;
	/** The twin's bilinear x2 upsampling: interpolate (PyTorch's kernel) or matmul (the engine's formulation). */
	public String twinUpsample = "interpolate";
	/** Slices per inference batch (the segmenter's default). */
	public int inferenceBatch = 8;
	public long seed = 1;
	public String device = "cpu";

	/** @return exemplar copies of the labeled batch */
	public int exemplarCopies() {
		return (labeled + 1) / 2;
	}

	/** @return synthetic samples of the labeled batch */
	public int synthetic() {
		return labeled - exemplarCopies();
	}

	/** @return the thread count to use: {@link #threads}, or all cores */
	public int resolvedThreads() {
		return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
	}

	/** @throws IllegalArgumentException naming the first bad setting */
	public BenchSettings check() {
		if (sizes.isEmpty()) throw new IllegalArgumentException("sizes must name at least one size");
		for (final int s : sizes) if (s < 16 || s % 16 != 0) throw new IllegalArgumentException("sizes must be multiples of 16, was " + s);
		if (labeled < 1) throw new IllegalArgumentException("labeled must be at least 1, was " + labeled);
		if (unlabeled < 2) throw new IllegalArgumentException("unlabeled must be at least 2 (CutMix mixes two slices), was " + unlabeled);
		if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, was " + iterations);
		if (blocks < 1) throw new IllegalArgumentException("blocks must be at least 1, was " + blocks);
		if (warmup < 0) throw new IllegalArgumentException("warmup must be >= 0, was " + warmup);
		if (memoryRuns < 0) throw new IllegalArgumentException("memoryRuns must be >= 0, was " + memoryRuns);
		if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, was " + threads);
		if (inferenceBatch < 1) throw new IllegalArgumentException("inferenceBatch must be at least 1, was " + inferenceBatch);
		for (final String c : cases) if (!CASES.contains(c)) throw new IllegalArgumentException("cases must be among " + CASES + ", was '" + c + "'");
		if (!Arrays.asList("auto", "on", "off").contains(twin)) throw new IllegalArgumentException("twin must be auto, on or off, was '" + twin + "'");
		if (!Arrays.asList("interpolate", "matmul").contains(twinUpsample))
			throw new IllegalArgumentException("twinUpsample must be interpolate or matmul, was '" + twinUpsample + "'");
		sc.fiji.cmems.engine.device.DeviceChoice.parse(device);
		return this;
	}
}
