package sc.fiji.cmems.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.cmems.io.TestData;

/** {@code cmems ceiling} on one real ACDC volume. */
class CeilingCommandTest {

	private static String[] run(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
		return new String[] { Integer.toString(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) };
	}

	@Test
	void writesTheTableAndOneCsvPerSize(@TempDir final Path dir) throws IOException {
		final String acdc = "acdc=" + TestData.acdcDir();
		final String[] r = run("ceiling", acdc, "evaluate=patient002_frame01", "sizes=64,256", "out=" + dir);
		assertEquals("0", r[0], r[2]);
		final String md = new String(Files.readAllBytes(dir.resolve("ceiling.md")), StandardCharsets.UTF_8);
		assertTrue(md.contains("| 64x64 |") && md.contains("| 256x256 |"), md);
		assertTrue(r[1].contains(md.trim()), "the table is printed too");
		assertEquals(1 + 3, Files.readAllLines(dir.resolve("ceiling-64-volumes.csv")).size(), "header and RV, Myo, LV of one volume");
		assertTrue(Files.isRegularFile(dir.resolve("ceiling-256-volumes.csv")));
	}

	@Test
	void badSizesAreNamed() {
		final String[] r = run("ceiling", "acdc=" + TestData.acdcDir(), "evaluate=patient002_frame01", "sizes=64,big");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("sizes") && r[2].contains("64,big"), r[2]);
	}
}
