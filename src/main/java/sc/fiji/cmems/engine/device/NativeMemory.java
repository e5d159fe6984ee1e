package sc.fiji.cmems.engine.device;

import java.util.Locale;
import java.util.Map;

/**
 * Whether freed native (tensor) memory stays in the process. PyTorch's CPU
 * tensors come from the C library's malloc; with glibc's defaults a block of
 * more than the mmap threshold goes back to the kernel when it is freed and is
 * faulted in again, page by page, at the next step. glibc reads the variables
 * that change this only when the process starts, so they are the launcher's
 * business ({@code ./cmems} sets them; Fiji's launcher does not): this class
 * only says which are in effect, for reports.
 */
public final class NativeMemory {

	private NativeMemory() {}

	/** The C library's allocator settings that decide whether freed native memory stays in the process. */
	public static final String[] VARIABLES = { "MALLOC_ARENA_MAX", "MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_",
		"GLIBC_TUNABLES" };

	private static final String DEFAULTS = "none set (the C library's defaults)";

	/** What {@code ./cmems} sets (and a user may set to start Fiji with). */
	public static final String KEEP = "MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1099511627776";

	/** @return the allocator variables this process was started with, e.g. "MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0", or "none set (the C library's defaults)" */
	public static String settings() {
		return settings(System.getenv());
	}

	static String settings(final Map<String, String> environment) {
		final StringBuilder sb = new StringBuilder();
		for (final String v : VARIABLES) {
			final String value = environment.get(v);
			if (value != null) sb.append(sb.length() == 0 ? "" : " ").append(v).append('=').append(value);
		}
		return sb.length() == 0 ? DEFAULTS : sb.toString();
	}

	/** @return the settings, and on Linux with none set, what they cost and how to change them */
	public static String describe() {
		return describe(System.getenv(), System.getProperty("os.name", ""));
	}

	static String describe(final Map<String, String> environment, final String os) {
		final String s = settings(environment);
		if (!s.equals(DEFAULTS) || !os.toLowerCase(Locale.ROOT).contains("linux")) return s;
		return s + "; large freed tensors go back to the kernel after every step and are faulted in again at the next one. "
			+ "Starting Fiji with " + KEEP + " keeps them (CMEMS steps at 256x256 2.5 times faster on a 2-core virtual machine, README.md)";
	}
}
