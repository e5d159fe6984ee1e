package sc.fiji.cmems.engine.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader sees the old file or the complete new one,
 * never a half-written one: the content goes to a temporary file in the same
 * folder ({@code .<name>.<pid>.<random>.part}), is flushed to disk, and then
 * replaces the target in one atomic rename. A failure leaves the previous file
 * intact and removes the temporary file; the temporary file of a killed process
 * is removed by the next write of the same target. The new file gets the
 * permissions the user's umask gives a new file, or those of the file it
 * replaces.
 */
public final class AtomicFiles {

	/** What writes the content. */
	public interface Writer {

		void write(OutputStream out) throws IOException;
	}

	/** How long a temporary file of a process that is gone must have been left unchanged before it is removed (another machine may be writing it). */
	static final Duration STALE_AFTER = Duration.ofMinutes(1);

	/**
	 * What follows {@code .<name>.} in a temporary file's name: the writer's
	 * process id and a random part, or a long random number alone (the names
	 * Files.createTempFile gave them before).
	 */
	private static final Pattern TEMP_SUFFIX = Pattern.compile("(?:(\\d+)\\.[0-9a-f]{16}|\\d{12,})\\.part");

	/** A temporary file of any target: {@code .<name>.} then {@link #TEMP_SUFFIX}. */
	private static final Pattern ANY_TEMP = Pattern.compile("\\..+?\\." + TEMP_SUFFIX.pattern());

	private AtomicFiles() {}

	public static void write(final Path target, final Writer writer) throws IOException {
		final Path dir = target.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		final String name = target.getFileName().toString();
		removeStaleTemporaryFiles(dir, name);
		final Set<PosixFilePermission> permissions = permissions(target);
		final Path temp = createTemporaryFile(dir, name);
		boolean done = false;
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
				OutputStream out = Channels.newOutputStream(channel))
			{
				// once open (a read-only target's mode would refuse opening) and before any content (a private file stays private)
				if (permissions != null) copyPermissions(permissions, temp);
				writer.write(out);
				out.flush();
				channel.force(true);
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			done = true;
		}
		finally {
			if (!done) Files.deleteIfExists(temp);
		}
	}

	/**
	 * Creates an empty temporary file for {@code name} in {@code dir} without
	 * file attributes, so that the umask decides its mode as for any new file of
	 * the user's (Files.createTempFile would make it 0600).
	 */
	private static Path createTemporaryFile(final Path dir, final String name) throws IOException {
		while (true) {
			try {
				return Files.createFile(dir.resolve(temporaryName(name)));
			}
			catch (final FileAlreadyExistsException e) {
				// that random part is taken: draw another
			}
		}
	}

	/** @return e.g. {@code .model.cmems.4711.3f09a2c4b5d6e7f8.part} */
	static String temporaryName(final String name) {
		return "." + name + "." + ProcessHandle.current().pid() + "." + String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong()) + ".part";
	}

	/** @return the POSIX permissions of an existing target, or null when there is none or the file system has none */
	private static Set<PosixFilePermission> permissions(final Path target) throws IOException {
		try {
			return Files.getPosixFilePermissions(target);
		}
		catch (final NoSuchFileException | UnsupportedOperationException e) {
			return null;
		}
	}

	private static void copyPermissions(final Set<PosixFilePermission> permissions, final Path temp) {
		try {
			Files.setPosixFilePermissions(temp, permissions);
		}
		catch (final IOException | UnsupportedOperationException e) {
			// a file system that refuses modes: the file keeps the one it was created with
		}
	}

	/**
	 * Removes the temporary files that earlier writes of {@code name} left
	 * behind when their process was killed: those whose process is not running
	 * (names without a process id come from older versions) and that have not
	 * changed for {@link #STALE_AFTER}. The files of running writes, this
	 * process's included, stay.
	 */
	private static void removeStaleTemporaryFiles(final Path dir, final String name) throws IOException {
		removeStale(dir, "." + name + ".");
	}

	/**
	 * Removes the temporary files that killed writes left in {@code folder},
	 * whatever file they were for (the rule of {@link #removeStaleTemporaryFiles(Path, String)}):
	 * called when a run starts with its outputs there, so that a leftover goes
	 * even when its target is never written again. A folder that does not exist
	 * or cannot be listed is left alone.
	 */
	public static void removeLeftovers(final Path folder) {
		if (folder == null || !Files.isDirectory(folder)) return;
		try {
			removeStale(folder, ".");
		}
		catch (final IOException e) {
			// a folder we cannot list: its leftovers do no harm, and the run will say what it cannot write
		}
	}

	/** @param prefix {@code .<name>.} for one target's files, {@code .} for every target's */
	private static void removeStale(final Path dir, final String prefix) throws IOException {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix)
			&& p.getFileName().toString().endsWith(".part")))
		{
			for (final Path file : files) {
				final Matcher m = prefix.equals(".") ? ANY_TEMP.matcher(file.getFileName().toString())
					: TEMP_SUFFIX.matcher(file.getFileName().toString().substring(prefix.length()));
				if (!m.matches() || m.group(1) != null && running(m.group(1))) continue;
				try {
					if (Files.getLastModifiedTime(file).toInstant().plus(STALE_AFTER).isBefore(Instant.now())) Files.deleteIfExists(file);
				}
				catch (final IOException e) {
					// gone meanwhile, or not ours to remove: it does no harm where it is
				}
			}
		}
	}

	private static boolean running(final String pid) {
		try {
			return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
		}
		catch (final NumberFormatException e) {
			return false;
		}
	}
}
