package sc.fiji.cmems.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees the old file or the complete new one,
 * never a half-written one: the content goes to a temporary file in the same
 * folder, is flushed to disk, and then replaces the target in one atomic
 * rename. A failure (or a killed process) leaves the previous file intact; the
 * temporary file is removed on failure.
 */
public final class AtomicFiles {

	/** What writes the content. */
	public interface Writer {

		void write(OutputStream out) throws IOException;
	}

	private AtomicFiles() {}

	public static void write(final Path target, final Writer writer) throws IOException {
		final Path dir = target.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		final Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
		boolean done = false;
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
				OutputStream out = Channels.newOutputStream(channel))
			{
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
}
