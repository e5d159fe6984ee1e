package sc.fiji.cmems.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which device tensors live on: {@code auto} (the first GPU PyTorch can use,
 * else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}. The resolution says
 * what was chosen and, when a GPU was not used, why, so that a user is never
 * told "GPU" while the work runs on the CPU.
 */
public final class DeviceChoice {

	private final Device device;
	private final String description;
	private final String fallbackReason;

	private DeviceChoice(final Device device, final String description, final String fallbackReason) {
		this.device = device;
		this.description = description;
		this.fallbackReason = fallbackReason;
	}

	/**
	 * @return the parsed request as {-1 = auto, -2 = cpu, N = gpu N}
	 * @throws IllegalArgumentException for anything else
	 */
	public static int parse(final String request) {
		final String r = request == null ? "auto" : request.trim().toLowerCase();
		if (r.equals("auto")) return -1;
		if (r.equals("cpu")) return -2;
		if (r.equals("gpu") || r.equals("cuda")) return 0;
		if (r.startsWith("gpu:") || r.startsWith("cuda:")) {
			try {
				final int i = Integer.parseInt(r.substring(r.indexOf(':') + 1));
				if (i >= 0) return i;
			}
			catch (final NumberFormatException e) {
				// reported below
			}
		}
		throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N, was '" + request + "'");
	}

	/**
	 * Resolves a request against what PyTorch can use here. A GPU is chosen
	 * only after a test computation on it gave the right result (once per GPU
	 * and process), so that a GPU that PyTorch counts but cannot use (driver
	 * and library mismatch, out of memory, a broken CUDA setup) is reported as
	 * such, instead of failing later or being named while the CPU works.
	 *
	 * @throws IllegalArgumentException when a GPU is explicitly asked for and none is usable
	 */
	public static DeviceChoice resolve(final String request) {
		final int wanted = parse(request);
		final Engine engine = Djl.engine();
		return resolve(request, wanted == -2 ? 0 : engine.getGpuCount(), "PyTorch " + engine.getVersion(), isCpuBuild(engine), DeviceChoice::probeOnce);
	}

	/** A test computation on a device: null when it gave the right result, else what went wrong. */
	@FunctionalInterface
	interface Probe {
		String tryOn(Device device);
	}

	/** The decision, given what the engine reports and a probe (separate so that it can be tested without a GPU). */
	static DeviceChoice resolve(final String request, final int gpus, final String version, final boolean cpuBuild, final Probe probe) {
		final int wanted = parse(request);
		final String library = version + (cpuBuild ? " (CPU build)" : "");
		if (wanted == -2) return new DeviceChoice(Device.cpu(), "CPU, " + library, null);
		String why;
		if (gpus > Math.max(wanted, 0)) {
			final int index = Math.max(wanted, 0);
			final String failure = probe.tryOn(Device.gpu(index));
			if (failure == null) return new DeviceChoice(Device.gpu(index), "GPU " + index + ", " + library, null);
			why = "GPU " + index + " is visible but unusable: " + failure;
		}
		else why = gpus == 0
			? (cpuBuild ? "the PyTorch native library in use is a CPU build (point PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR and PYTORCH_VERSION at a CUDA libtorch to use a GPU)"
				: "PyTorch sees no CUDA GPU (driver missing or no GPU visible)")
			: "PyTorch sees only " + gpus + " GPU(s)";
		if (wanted >= 0) throw new IllegalArgumentException("device '" + request + "' cannot be used: " + why + "; choose device=auto or cpu");
		return new DeviceChoice(Device.cpu(), "CPU, " + library, why);
	}

	private static final Map<String, Optional<String>> PROBED = new ConcurrentHashMap<>();

	private static String probeOnce(final Device device) {
		return PROBED.computeIfAbsent(device.toString(), d -> Optional.ofNullable(probe(device))).orElse(null);
	}

	/** @return null when a small matrix product on {@code device} gives the right result, else what went wrong */
	static String probe(final Device device) {
		final int n = 64;
		try (NDManager m = NDManager.newBaseManager(device, Djl.engine().getEngineName())) {
			final NDArray a = m.ones(new Shape(n, n));
			final float sum = a.matMul(a).sum().getFloat();
			return sum == (float) n * n * n ? null : "a test matrix product on " + device + " gave " + sum + " instead of " + n * n * n;
		}
		catch (final RuntimeException | LinkageError e) {
			return "a test computation on " + device + " failed: " + e.getMessage();
		}
	}

	private static boolean isCpuBuild(final Engine engine) {
		final String info = engine.toString();
		return info.contains("-cpu-") || (!info.contains("cu1") && !info.contains("cuda") && !info.contains("CUDA"));
	}

	public Device device() {
		return device;
	}

	/** @return e.g. "GPU 0, PyTorch 2.7.1" */
	public String description() {
		return description;
	}

	/** @return why {@code auto} did not pick a GPU, or null */
	public String fallbackReason() {
		return fallbackReason;
	}
}
