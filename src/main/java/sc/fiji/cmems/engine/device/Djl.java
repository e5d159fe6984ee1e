package sc.fiji.cmems.engine.device;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one entry point to DJL's PyTorch engine.
 * <p>
 * DJL reads its network settings when its first class initialises, so every
 * path into the engine goes through {@link #engine()}, which first makes DJL
 * <em>offline</em> (no model-zoo or native-library downloads) and
 * <em>untracked</em> (no telemetry, which would otherwise contact a cloud
 * metadata address when the engine starts). A user who wants DJL to download
 * natives must say so explicitly with {@code -Dai.djl.offline=false}.
 */
public final class Djl {

	/** Name of DJL's engine that this project runs on. */
	public static final String ENGINE_NAME = "PyTorch";

	private Djl() {}

	/**
	 * Sets the system properties that keep DJL offline and untracked. Safe to call
	 * any number of times; must run before any other DJL class is used.
	 */
	public static synchronized void configure() {
		if (configured) return;
		// Telemetry is never wanted: forced, whatever the environment says.
		System.setProperty("OPT_OUT_TRACKING", "true");
		// Offline unless the user explicitly chose otherwise.
		if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
			System.setProperty("ai.djl.offline", "true");
		}
		configured = true;
	}

	private static boolean configured;
	private static volatile boolean started;

	/**
	 * Sets the number of CPU threads PyTorch uses for the calling thread's work.
	 * Before the engine starts, the engine starts with them (and one inter-op
	 * thread); once it runs, the intra-op count is set on the calling thread
	 * (PyTorch's OpenMP setting is per thread), so that a command that already
	 * started the engine, say to report the device, does not silently keep
	 * PyTorch's default of one thread per core.
	 *
	 * @param threads intra-op threads, at least 1
	 * @return the calling thread's intra-op count before this call if the engine
	 *         runs (to restore it), else {@code threads}, which it will start with
	 */
	public static synchronized int setThreads(final int threads) {
		if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, was " + threads);
		System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		if (!started) return threads;
		final int before = JniUtils.getNumThreads();
		JniUtils.setNumThreads(threads);
		return before;
	}

	/** @return the PyTorch engine, configured offline and untracked */
	public static Engine engine() {
		configure();
		final Engine engine = Engine.getEngine(ENGINE_NAME);
		started = true;
		if (!loggingSet) {
			NativeLogging.quiet();
			loggingSet = true;
		}
		return engine;
	}

	private static volatile boolean loggingSet;

	/**
	 * Makes the calling thread ready for tensor work. PyTorch's gradient mode
	 * is per thread, and DJL turns it off only on the thread that started the
	 * engine: on any other thread (a Fiji command, a Swing worker) parameter
	 * updates outside a gradient collector would fail ("a leaf Variable that
	 * requires grad is being used in an in-place operation") and inference
	 * would record graphs. Cheap; call at the start of training and inference.
	 */
	public static void prepareThread() {
		engine();
		JniUtils.setGradMode(false);
	}
}
