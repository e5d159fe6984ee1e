package sc.fiji.cmems.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The bench and parity commands are wired in and refuse bad arguments before any work, naming them. */
class BenchCommandTest {

	private static String[] run(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new String[] { Integer.toString(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) };
	}

	@Test
	void badArgumentsAreNamed() {
		String[] r = run("bench", "sizes=128,30");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("sizes") && r[2].contains("30"), r[2]);
		r = run("bench", "cases=cmems,training");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("cases") && r[2].contains("training"), r[2]);
		r = run("bench", "twin=maybe");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("twin") && r[2].contains("maybe"), r[2]);
		r = run("parity", "size=40");
		assertEquals("2", r[0]);
		assertTrue(r[2].contains("size") && r[2].contains("40"), r[2]);
	}

	@Test
	void helpListsBenchAndParity() {
		final String[] r = run("help");
		assertEquals("0", r[0]);
		assertTrue(r[1].contains("cmems bench") && r[1].contains("cmems parity"), r[1]);
	}
}
