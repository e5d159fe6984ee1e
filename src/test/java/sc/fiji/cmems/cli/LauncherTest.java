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

/**
 * The {@code ./cmems} launcher's native-memory settings reach the Java
 * process: a copy of the script runs in a folder whose classpath file is
 * already there (so it builds nothing) with a stand-in {@code java} on the
 * PATH that prints the allocator variables it was given.
 */
class LauncherTest {

	@TempDir
	Path folder;

	private String[] launch(final Map<String, String> extraEnv) throws IOException, InterruptedException {
		assumeTrue(new File("/bin/bash").canExecute(), "needs bash");
		final Path script = folder.resolve("cmems");
		Files.copy(Paths.get("cmems"), script, StandardCopyOption.REPLACE_EXISTING);
		Files.createDirectories(folder.resolve("target"));
		Files.write(folder.resolve("target/cmems-classpath.txt"), "none".getBytes(StandardCharsets.UTF_8));
		final Path bin = Files.createDirectories(folder.resolve("bin"));
		final Path java = bin.resolve("java");
		Files.write(java, ("#!/bin/sh\n[ \"$1\" = -version ] && exit 0\n"
			+ "echo \"arena=${MALLOC_ARENA_MAX-unset} mmap=${MALLOC_MMAP_MAX_-unset} trim=${MALLOC_TRIM_THRESHOLD_-unset}\"\n")
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

	@Test
	void keepsNativeMemoryByDefault() throws Exception {
		final String[] r = launch(Map.of());
		assertEquals("0", r[0], r[1]);
		assertEquals("arena=1 mmap=0 trim=1099511627776", r[1]);
	}

	@Test
	void releaseLeavesTheDefaultsAndAVariableSetByTheUserWins() throws Exception {
		String[] r = launch(Map.of("CMEMS_NATIVE_MEMORY", "release"));
		assertEquals("0", r[0], r[1]);
		assertEquals("arena=unset mmap=unset trim=unset", r[1]);
		r = launch(Map.of("MALLOC_ARENA_MAX", "4"));
		assertEquals("0", r[0], r[1]);
		assertEquals("arena=4 mmap=0 trim=1099511627776", r[1]);
	}

	@Test
	void aBadValueIsNamed() throws Exception {
		final String[] r = launch(Map.of("CMEMS_NATIVE_MEMORY", "forever"));
		assertEquals("2", r[0], r[1]);
		assertTrue(r[1].contains("CMEMS_NATIVE_MEMORY") && r[1].contains("forever"), r[1]);
	}
}
