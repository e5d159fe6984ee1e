package sc.fiji.cmems.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: content, the mode of new and replaced files, and the temporary files of killed writers. */
class AtomicFilesTest {

	@TempDir
	Path dir;

	private static void write(final Path target, final String content) throws IOException {
		AtomicFiles.write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
	}

	private static String mode(final Path file) throws IOException {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
	}

	private boolean posix() {
		return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	private List<String> hiddenFiles() throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().collect(Collectors.toList());
		}
	}

	/** A temporary file as a writer with process id {@code pid} leaves it, last changed {@code age} ago. */
	private Path leftover(final String name, final long pid, final Duration age) throws IOException {
		final Path part = Files.write(dir.resolve("." + name + "." + pid + ".00112233445566ff.part"), new byte[] { 1, 2, 3 });
		Files.setLastModifiedTime(part, FileTime.from(Instant.now().minus(age)));
		return part;
	}

	/** @return the process id of a process that has finished */
	private static long deadProcess() throws IOException, InterruptedException {
		final Process p = new ProcessBuilder("true").start();
		p.waitFor();
		assertFalse(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false), "process " + p.pid() + " has ended");
		return p.pid();
	}

	@Test
	void replacesTheContentAndLeavesNoTemporaryFile() throws IOException {
		final Path target = dir.resolve("a.txt");
		write(target, "first");
		write(target, "second");
		assertArrayEquals("second".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
		assertEquals(List.of(), hiddenFiles());
	}

	@Test
	void aFailedWriteKeepsTheOldFileAndRemovesItsTemporaryFile() throws IOException {
		final Path target = dir.resolve("a.txt");
		write(target, "old");
		final IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
			out.write(1);
			throw new IOException("disk full");
		}));
		assertEquals("disk full", e.getMessage());
		assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
		assertEquals(List.of(), hiddenFiles());
	}

	@Test
	void aNewFileGetsTheModeTheUmaskGives() throws IOException {
		assumeTrue(posix(), "POSIX file modes");
		try (OutputStream out = Files.newOutputStream(dir.resolve("plain.txt"))) {
			out.write(1);
		}
		write(dir.resolve("atomic.txt"), "x");
		assertEquals(mode(dir.resolve("plain.txt")), mode(dir.resolve("atomic.txt")), "as a file written without AtomicFiles, not 0600");
	}

	@Test
	void aReplacedFileKeepsItsMode() throws IOException {
		assumeTrue(posix(), "POSIX file modes");
		for (final String mode : new String[] { "rw-r--r--", "rw-r-----", "rw-------", "r--r--r--" }) {
			final Path target = dir.resolve(mode + ".txt");
			write(target, "old");
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
			write(target, "new");
			assertEquals(mode, mode(target));
			assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
		}
	}

	@Test
	void theTemporaryFileOfAKilledWriterIsRemovedByTheNextWrite() throws IOException, InterruptedException {
		final Path target = dir.resolve("model.cmems");
		final long dead = deadProcess();
		final Path stale = leftover("model.cmems", dead, Duration.ofMinutes(5));
		final Path recent = leftover("model.cmems", dead + 1_000_000_000L, Duration.ofSeconds(5)); // maybe another machine's, still being written
		final Path legacy = Files.write(dir.resolve(".model.cmems.8412345678901234567.part"), new byte[1]); // Files.createTempFile's name
		Files.setLastModifiedTime(legacy, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		final Path otherTarget = leftover("other.cmems", dead, Duration.ofMinutes(5));
		final Path ownProcess = leftover("model.cmems", ProcessHandle.current().pid(), Duration.ofMinutes(5)); // a write of this process in flight

		write(target, "model");
		assertFalse(Files.exists(stale), "a dead process's temporary file is removed");
		assertFalse(Files.exists(legacy), "an old-style temporary file is removed");
		assertTrue(Files.exists(recent), "a temporary file that changed a moment ago stays");
		assertTrue(Files.exists(ownProcess), "a running process's temporary file stays");
		assertTrue(Files.exists(otherTarget), "only the target's own temporary files are looked at");
		assertTrue(Files.isRegularFile(target));
	}

	/** A run that starts with its outputs in a folder removes the leftovers of every target there, by the same rule. */
	@Test
	void aStartingRunRemovesTheLeftoversOfEveryTargetInItsFolder() throws IOException, InterruptedException {
		final long dead = deadProcess();
		final Path stale = leftover("labels-07.tif", dead, Duration.ofMinutes(5));
		final Path digits = leftover("2024.scan.tif", dead, Duration.ofMinutes(5)); // digits in the name itself
		final Path recent = leftover("labels-08.tif", dead, Duration.ofSeconds(5));
		final Path ownProcess = leftover("labels-09.tif", ProcessHandle.current().pid(), Duration.ofMinutes(5));
		final Path notOurs = Files.write(dir.resolve(".config.part"), new byte[1]);
		Files.setLastModifiedTime(notOurs, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

		sc.fiji.cmems.io.OutputPaths.requireWritableFolder(dir, "output");
		assertFalse(Files.exists(stale), "a dead process's temporary file is removed");
		assertFalse(Files.exists(digits), "also when the target's name has digits");
		assertTrue(Files.exists(recent), "a temporary file that changed a moment ago stays");
		assertTrue(Files.exists(ownProcess), "a running process's temporary file stays");
		assertTrue(Files.exists(notOurs), "a file not named as ours stays");
		AtomicFiles.removeLeftovers(dir.resolve("missing")); // no folder: nothing to do, no error
	}

	@Test
	void aTemporaryFileNameCarriesTheProcessId() {
		final String name = AtomicFiles.temporaryName("labels.tif");
		assertTrue(name.matches("\\.labels\\.tif\\." + ProcessHandle.current().pid() + "\\.[0-9a-f]{16}\\.part"), name);
	}
}
