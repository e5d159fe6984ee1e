package sc.fiji.cmems.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The benchmark on tiny sizes: every case yields its rows, with timings and memory, and the twin's when PyTorch is there. */
class BenchTest {

	@Test
	void everyCaseYieldsTimingsAndMemory() throws IOException {
		final BenchSettings s = new BenchSettings();
		s.sizes = Arrays.asList(32);
		s.labeled = 2;
		s.unlabeled = 2;
		s.iterations = 1;
		s.blocks = 2;
		s.warmup = 0;
		s.memoryRuns = 1;
		s.inferenceBatch = 2;
		s.installTorch = false; // a test installs nothing; without torch the twin's columns stay empty
		s.threads = 1; // two threads on a busy two-core machine make OpenMP wait at every barrier
		final ByteArrayOutputStream progress = new ByteArrayOutputStream();
		final BenchReport r = new Bench(s, new PrintStream(progress, true, StandardCharsets.UTF_8)).run("test");
		final boolean twin = PytorchTwin.check(s.python).available;
		if (!twin) System.err.println("BenchTest: no PyTorch for " + s.python + ", so the twin's columns are not checked");
		// cmems step + loop, supervised step + loop, inference
		assertEquals(5, r.rows.size(), r.markdown());
		for (final BenchReport.Row row : r.rows) {
			assertEquals(2, row.djlBlocks.size(), row.what);
			assertEquals(row.slicesPerRun > 0 ? 2 : 1, row.djl().count() / 2, row.what + ": runs per block");
			for (final double sec : row.djl().values()) assertTrue(sec > 0 && Double.isFinite(sec), row.what + ": " + sec);
			assertNotNull(row.djlMemory, row.what);
			assertTrue(row.djlMemory.peakRss > 0, row.what + " peak RSS");
			final boolean hasTwin = !row.what.contains("loop");
			if (hasTwin) {
				assertNotNull(row.djlCpu, row.what + ": CPU use");
				assertEquals(row.djl().count(), row.djlCpu.runs, row.what + ": runs counted in the CPU use");
			}
			if (twin && hasTwin) {
				assertEquals(2, row.twinBlocks.size(), row.what);
				assertNotNull(row.twinCpu, row.what + ": twin CPU use");
				assertEquals(row.twin().count(), row.twinCpu.runs, row.what + ": twin runs counted in the CPU use");
				assertNotNull(row.twinMemory, row.what);
				assertTrue(row.twinMemory.peakRss > 0, row.what + " twin peak RSS");
			}
			else assertTrue(row.twinBlocks.isEmpty(), row.what);
		}
		final String md = r.markdown();
		assertTrue(md.contains("CMEMS step (2 networks") && md.contains("supervised step (1 network") && md.contains("inference"), md);
		assertTrue(md.contains("load average") && md.contains("CPU time of other processes during the run"), md);
		assertTrue(r.json().contains("djlSecondsByBlock") && r.json().contains("djlCpu"));
		assertTrue(md.contains("| DJL kernel s |"), md);
	}
}
