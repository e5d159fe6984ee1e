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

	/** The file name in lower case, for extension checks. */
	static String lowerName(final Path file) {
		final Path name = file.getFileName();
		return name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
	}
}
