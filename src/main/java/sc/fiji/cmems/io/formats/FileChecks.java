package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Checks shared by the readers, so that every reader fails the same way on a bad path. */
final class FileChecks {

	private FileChecks() {}

	/** Fails unless {@code file} is an existing, readable, non-empty regular file. */
	static void requireReadableFile(final Path file) throws IOException {
		if (file == null) throw new NullPointerException("file");
		if (!Files.exists(file)) throw new ImageFormatException(file, "file does not exist");
		if (Files.isDirectory(file)) throw new ImageFormatException(file, "is a directory, not an image file");
		if (!Files.isRegularFile(file)) throw new ImageFormatException(file, "is not a regular file");
		if (!Files.isReadable(file)) throw new ImageFormatException(file, "file is not readable (permissions)");
		if (Files.size(file) == 0) throw new ImageFormatException(file, "file is empty (0 bytes)");
	}

	/**
	 * Fails unless an image of {@code bytes} fits in {@code limit}
	 * ({@link ReadOptions#getMaxImageBytes()}), the one check every reader makes
	 * before allocating what a header declares.
	 *
	 * @param what the image as the message names it, e.g. "dataset 'image' of shape [10, 256, 256]"
	 * @param bytes its size, computed with {@link #times} so that no header can overflow it
	 */
	static void requireWithinLimit(final Path file, final String what, final long bytes, final long limit) throws ImageFormatException {
		if (bytes > limit) throw new ImageFormatException(file, what + " would take " + (bytes == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(bytes))
			+ " bytes, above the limit of " + limit + " bytes (ReadOptions.maxImageBytes, system property " + ReadOptions.MAX_IMAGE_BYTES_PROPERTY + ")");
	}

	/** {@code a * b} for sizes (both at least 0), or {@link Long#MAX_VALUE} where that overflows. */
	static long times(final long a, final long b) {
		final long high = Math.multiplyHigh(a, b);
		return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
	}

	/** {@code a + b} for sizes (both at least 0), or {@link Long#MAX_VALUE} where that overflows. */
	static long plus(final long a, final long b) {
		final long sum = a + b;
		return sum < 0 ? Long.MAX_VALUE : sum;
	}

	/** The file name in lower case, for extension checks. */
	static String lowerName(final Path file) {
		final Path name = file.getFileName();
		return name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
	}
}
