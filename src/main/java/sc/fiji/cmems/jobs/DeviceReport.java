package sc.fiji.cmems.jobs;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;

import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.NativeMemory;

/**
 * What the compute stack is here: the device training would really use (and
 * why not a GPU when it is not one), the PyTorch native library and its
 * version, and what CUDA looks like from this process.
 */
public final class DeviceReport {

	private DeviceReport() {}

	/** @param request auto, cpu, gpu or gpu:N, as a training run would get it */
	public static String describe(final String request) {
		final StringBuilder sb = new StringBuilder();
		final Engine engine = Djl.engine();
		try {
			final DeviceChoice choice = DeviceChoice.resolve(request);
			sb.append("Training would use: ").append(choice.description()).append('\n');
			if (choice.fallbackReason() != null) sb.append("Why not a GPU: ").append(choice.fallbackReason()).append('\n');
		}
		catch (final IllegalArgumentException e) {
			sb.append("Training would not start: ").append(e.getMessage()).append('\n');
		}
		sb.append("Engine: DJL ").append(Engine.getDjlVersion()).append(", PyTorch ").append(engine.getVersion()).append('\n');
		sb.append("Native library: ").append(nativeLibrary()).append('\n');
		sb.append("CUDA: ").append(cuda(engine)).append('\n');
		sb.append("Environment: PYTORCH_LIBRARY_PATH=").append(env("PYTORCH_LIBRARY_PATH")).append(", PYTORCH_FLAVOR=").append(env("PYTORCH_FLAVOR"))
			.append(", PYTORCH_VERSION=").append(env("PYTORCH_VERSION")).append('\n');
		sb.append("Native memory: ").append(NativeMemory.describe()).append('\n');
		sb.append("Java: ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("os.name")).append(' ')
			.append(System.getProperty("os.arch")).append("), ").append(Runtime.getRuntime().availableProcessors()).append(" CPU cores");
		return sb.toString();
	}

	private static String nativeLibrary() {
		try {
			final String path = LibUtils.getLibtorchPath();
			return "libtorch " + LibUtils.getVersion() + (path == null ? "" : " in " + path);
		}
		catch (final RuntimeException | LinkageError e) {
			return String.valueOf(Djl.engine());
		}
	}

	private static String cuda(final Engine engine) {
		final int gpus = engine.getGpuCount();
		String runtime;
		try {
			runtime = CudaUtils.hasCuda() ? "CUDA runtime " + CudaUtils.getCudaVersionString() + " found, " + CudaUtils.getGpuCount() + " GPU(s)"
				: "no CUDA runtime library found";
		}
		catch (final RuntimeException | LinkageError e) {
			runtime = "CUDA runtime not readable (" + e.getMessage() + ")";
		}
		return "PyTorch sees " + gpus + " GPU(s); " + runtime;
	}

	private static String env(final String name) {
		final String v = System.getenv(name);
		return v == null ? "(not set)" : v;
	}
}
