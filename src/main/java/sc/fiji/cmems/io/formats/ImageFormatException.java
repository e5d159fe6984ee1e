package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image or label file could not be read or written: it is missing,
 * unreadable, truncated, corrupt, or in a layout this project does not handle.
 * The message always names the file and what is wrong with it.
 */
public class ImageFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final Path file;

	public ImageFormatException(final Path file, final String problem) {
		super(message(file, problem));
		this.file = file;
	}

	public ImageFormatException(final Path file, final String problem, final Throwable cause) {
		super(message(file, problem), cause);
		this.file = file;
	}

	/** The file the problem is about (may be {@code null} when there is none). */
	public Path getFile() {
		return file;
	}

	private static String message(final Path file, final String problem) {
		return file == null ? problem : file + ": " + problem;
	}
}
