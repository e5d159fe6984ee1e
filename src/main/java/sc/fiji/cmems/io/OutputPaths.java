package sc.fiji.cmems.io;

import java.nio.file.Files;
import java.nio.file.Path;

import sc.fiji.cmems.engine.model.AtomicFiles;

/**
 * Checks, before any work starts, that the files and folders a user named as
 * outputs can be written, so that a long run does not fail at its end, and
 * removes there what killed writes left ({@link AtomicFiles#removeLeftovers}).
 * Shared by the command line and the Fiji commands; every message names the
 * parameter and its value.
 */
public final class OutputPaths {

	private OutputPaths() {}

	/**
	 * A file to be written (replaced if it exists): not a folder, not read-only,
	 * in an existing folder where files can be created (an atomic write puts a
	 * temporary file beside it).
	 *
	 * @param parameter the parameter's name, e.g. {@code model}
	 * @return {@code file}
	 * @throws IllegalArgumentException when it cannot be written there
	 */
	public static Path requireWritableFile(final Path file, final String parameter) {
		if (file == null) throw new IllegalArgumentException("no file given for " + parameter + "=<file>");
		final Path abs = file.toAbsolutePath();
		if (Files.isDirectory(abs)) throw new IllegalArgumentException(parameter + "=" + file + " is a folder; give a file name");
		final Path folder = abs.getParent();
		if (folder == null || !Files.isDirectory(folder)) throw new IllegalArgumentException(parameter + "=" + file + ": folder " + folder + " does not exist");
		if (!Files.isWritable(folder)) throw new IllegalArgumentException(parameter + "=" + file + ": folder " + folder + " is not writable");
		if (Files.exists(abs) && !Files.isWritable(abs)) throw new IllegalArgumentException(parameter + "=" + file + " is read-only");
		AtomicFiles.removeLeftovers(folder);
		return file;
	}

	/**
	 * A folder to write files into: an existing writable folder, or one that can
	 * be created (its nearest existing parent is a writable folder).
	 *
	 * @param parameter the parameter's name, e.g. {@code output}
	 * @return {@code folder}
	 * @throws IllegalArgumentException when nothing can be written there
	 */
	public static Path requireWritableFolder(final Path folder, final String parameter) {
		if (folder == null) throw new IllegalArgumentException("no folder given for " + parameter + "=<folder>");
		Path existing = folder.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) existing = existing.getParent();
		if (existing == null) throw new IllegalArgumentException(parameter + "=" + folder + ": no part of it exists");
		final String where = existing.equals(folder.toAbsolutePath()) ? "" : ": " + existing;
		if (!Files.isDirectory(existing)) throw new IllegalArgumentException(parameter + "=" + folder + where + " is a file, not a folder");
		if (!Files.isWritable(existing)) throw new IllegalArgumentException(parameter + "=" + folder + where + " is not writable");
		AtomicFiles.removeLeftovers(existing);
		return folder;
	}
}
