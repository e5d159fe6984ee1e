package sc.fiji.cmems.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

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
	 * Resolves a request against what PyTorch can use here.
	 *
	 * @throws IllegalArgumentException when a GPU is explicitly asked for and none is usable
	 */
	public static DeviceChoice resolve(final String request) {
		final int wanted = parse(request);
		final Engine engine = Djl.engine();
		final int gpus = engine.getGpuCount();
		final String library = "PyTorch " + engine.getVersion() + (isCpuBuild(engine) ? " (CPU build)" : "");
		if (wanted == -2) return new DeviceChoice(Device.cpu(), "CPU, " + library, null);
		if (gpus > wanted && wanted >= 0) return new DeviceChoice(Device.gpu(wanted), "GPU " + wanted + ", " + library, null);
		if (wanted == -1 && gpus > 0) return new DeviceChoice(Device.gpu(0), "GPU 0, " + library, null);
		final String why = gpus == 0
			? (isCpuBuild(engine) ? "the PyTorch native library in use is a CPU build (point PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR and PYTORCH_VERSION at a CUDA libtorch to use a GPU)"
				: "PyTorch sees no CUDA GPU (driver missing or no GPU visible)")
			: "PyTorch sees only " + gpus + " GPU(s)";
		if (wanted >= 0) throw new IllegalArgumentException("device '" + request + "' cannot be used: " + why + "; choose device=auto or cpu");
		return new DeviceChoice(Device.cpu(), "CPU, " + library, why);
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
