package sc.fiji.cmems.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.engine.device.NativeMemory;

/**
 * The {@code ./cmems} launcher: its native-memory settings reach the Java
 * process, and it builds only when a source changed. A copy of the script
 * runs in a folder whose classpath file is already there (so it builds
 * nothing) with a stand-in {@code java} on the PATH that prints the allocator
 * variables it was given.
 */
class LauncherTest {

	@TempDir
	Path folder;

	private String[] launch(final Map<String, String> extraEnv) throws IOException, InterruptedException {
		return launch(extraEnv, true);
	}

	/** @param freshClasspath write the classpath file anew, so that nothing is built */
	private String[] launch(final Map<String, String> extraEnv, final boolean freshClasspath) throws IOException, InterruptedException {
		assumeTrue(new File("/bin/bash").canExecute(), "needs bash");
		final Path script = folder.resolve("cmems");
		Files.copy(Paths.get("cmems"), script, StandardCopyOption.REPLACE_EXISTING);
		Files.createDirectories(folder.resolve("target"));
		if (freshClasspath) Files.write(folder.resolve("target/cmems-classpath.txt"), "none".getBytes(StandardCharsets.UTF_8));
		final Path bin = Files.createDirectories(folder.resolve("bin"));
		final Path java = bin.resolve("java");
		Files.write(java, ("#!/bin/sh\n[ \"$1\" = -version ] && exit 0\n"
			+ "echo \"MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX-unset} MALLOC_MMAP_MAX_=${MALLOC_MMAP_MAX_-unset} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_-unset}\"\n")
				.getBytes(StandardCharsets.UTF_8));
		assertTrue(java.toFile().setExecutable(true));
		final ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString(), "help").redirectErrorStream(true);
		final Map<String, String> env = pb.environment();
		env.keySet().removeIf(k -> k.startsWith("MALLOC_") || k.equals("CMEMS_NATIVE_MEMORY"));
		env.put("PATH", bin + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
		env.putAll(extraEnv);
		final Process p = pb.start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		return new String[] { Integer.toString(p.waitFor()), out };
	}

	/**
	 * After a source change the launcher builds once, not on every later call:
	 * the dependency plugin leaves an unchanged classpath file untouched, so
	 * the launcher itself must mark the build as newer than the sources. A
	 * stand-in {@code mvn} counts its calls and writes nothing.
	 */
	@Test
	void buildsOnceAfterASourceChange() throws Exception {
		final Path bin = Files.createDirectories(folder.resolve("bin"));
		final Path calls = folder.resolve("mvn-calls.txt");
		final Path mvn = bin.resolve("mvn");
		Files.write(mvn, ("#!/bin/sh\necho build >> '" + calls + "'\n").getBytes(StandardCharsets.UTF_8));
		assertTrue(mvn.toFile().setExecutable(true));
		Files.createDirectories(folder.resolve("src/main"));
		Files.write(folder.resolve("pom.xml"), "<project/>".getBytes(StandardCharsets.UTF_8));
		final Path source = folder.resolve("src/main/Changed.java");
		Files.write(source, "class Changed {}".getBytes(StandardCharsets.UTF_8));
		final long now = System.currentTimeMillis();
		assertEquals("0", launch(Map.of())[0]); // writes the classpath file (as of now)
		final Path classpath = folder.resolve("target/cmems-classpath.txt");
		assertTrue(classpath.toFile().setLastModified(now - 60_000));
		assertTrue(source.toFile().setLastModified(now - 30_000)); // a source edited after the last build
		assertTrue(folder.resolve("pom.xml").toFile().setLastModified(now - 90_000));
		String[] r = launch(Map.of(), false);
		assertEquals("0", r[0], r[1]);
		r = launch(Map.of(), false);
		assertEquals("0", r[0], r[1]);
		assertEquals(1, Files.readAllLines(calls).size(), "mvn calls over two launches after one source change");
	}

	@Test
	void keepsNativeMemoryByDefault() throws Exception {
		final String[] r = launch(Map.of());
		assertEquals("0", r[0], r[1]);
		// what the launcher sets is what reports (Device Info) tell Fiji users to set
		assertEquals(NativeMemory.KEEP, r[1]);
	}

	@Test
	void releaseLeavesTheDefaultsAndAVariableSetByTheUserWins() throws Exception {
		String[] r = launch(Map.of("CMEMS_NATIVE_MEMORY", "release"));
		assertEquals("0", r[0], r[1]);
		assertEquals("MALLOC_ARENA_MAX=unset MALLOC_MMAP_MAX_=unset MALLOC_TRIM_THRESHOLD_=unset", r[1]);
		r = launch(Map.of("MALLOC_ARENA_MAX", "4"));
		assertEquals("0", r[0], r[1]);
		assertEquals("MALLOC_ARENA_MAX=4 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=1099511627776", r[1]);
	}

	@Test
	void aBadValueIsNamed() throws Exception {
		final String[] r = launch(Map.of("CMEMS_NATIVE_MEMORY", "forever"));
		assertEquals("2", r[0], r[1]);
		assertTrue(r[1].contains("CMEMS_NATIVE_MEMORY") && r[1].contains("forever"), r[1]);
	}
}
