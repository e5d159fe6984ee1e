package sc.fiji.cmems.engine.device;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * Raises libtorch's C++ log threshold to errors. On CPUs that NNPACK does not
 * support, libtorch logs "Could not initialize NNPACK" at every convolution of
 * a batch of 16 or more (hundreds of lines per training run). libtorch only
 * reads {@code TORCH_CPP_LOG_LEVEL} when Python initialises it, so the threshold
 * ({@code FLAGS_caffe2_log_level}, exported by libc10) is set directly. Best
 * effort: if the symbol is not found, logging stays as it was.
 */
final class NativeLogging {

	private static final int ERROR = 2;

	private NativeLogging() {}

	/** Call once the engine (and so libc10) is loaded. */
	static void quiet() {
		if (System.getenv("TORCH_CPP_LOG_LEVEL") != null) return; // the user chose
		try {
			final Pointer level = NativeLibrary.getInstance("c10").getGlobalVariableAddress("FLAGS_caffe2_log_level");
			if (level.getInt(0) < ERROR) level.setInt(0, ERROR);
		}
		catch (final LinkageError | RuntimeException e) {
			// another libtorch build; its warnings stay visible
		}
	}
}
