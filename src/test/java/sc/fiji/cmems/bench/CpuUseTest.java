package sc.fiji.cmems.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** The bench's CPU-use figures come from the right fields of /proc/self/stat, and they move with work. */
class CpuUseTest {

	@Test
	void readsFaultsAndTimesAfterACommandNameWithSpacesAndBrackets() {
		// fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
		final CpuUse c = CpuUse.parseStat("4242 (java (main) x) S 1 4242 4242 0 -1 4194304 123456 7 3 0 250 37 0 0 20 0 40 0");
		assertEquals(123456, c.minorFaults);
		assertEquals(2.50, c.userSeconds, 1e-9);
		assertEquals(0.37, c.systemSeconds, 1e-9);
	}

	@Test
	void countsTheCpuTimeOfChildrenThatEnded() throws Exception {
		final double before = CpuUse.cpuSecondsWithEndedChildren();
		final double self = CpuUse.ofThisProcess().userSeconds + CpuUse.ofThisProcess().systemSeconds;
		// a child that computes for about half a second, then is waited for
		final Process p = new ProcessBuilder("/bin/sh", "-c", "end=$(( $(date +%s%N) + 500000000 )); while [ $(date +%s%N) -lt $end ]; do :; done")
			.start();
		assertEquals(0, p.waitFor());
		final double after = CpuUse.cpuSecondsWithEndedChildren();
		final double selfAfter = CpuUse.ofThisProcess().userSeconds + CpuUse.ofThisProcess().systemSeconds;
		// the child's time, not this process's, made the difference
		assertTrue(after - before - (selfAfter - self) >= 0.2, "children " + (after - before - (selfAfter - self)) + " s");
	}

	@Test
	void busyTimeOfAllCoresLeavesOutIdleWaitAndSteal() {
		// cpu user nice system idle iowait irq softirq steal guest guest_nice
		assertEquals(12.34, Machine.busyCpuSeconds("cpu  1000 200 30 99999 8888 4 0 7777 0 0"), 1e-9);
		assertTrue(Machine.busyCpuSeconds() > 0);
	}

	@Test
	void perRunFiguresOfADifference() {
		final CpuUse a = new CpuUse(0, 1.0, 0.5, 1000), b = new CpuUse(0, 3.0, 0.9, 5000);
		final CpuUse d = b.since(a, 4);
		assertEquals(4, d.runs);
		assertEquals(0.5, d.userPerRun(), 1e-9);
		assertEquals(0.1, d.systemPerRun(), 1e-9);
		assertEquals(1000, d.faultsPerRun(), 1e-9);
		final CpuUse sum = d.plus(d);
		assertEquals(8, sum.runs);
		assertEquals(1000, sum.faultsPerRun(), 1e-9);
	}

	@Test
	void thisProcessCountsCpuTimeAndFaults() {
		final CpuUse before = CpuUse.ofThisProcess();
		assertNotNull(before, "/proc/self/stat unreadable (not Linux?)");
		// fresh native memory, written page by page: faults; and half a second of arithmetic: user time
		final ByteBuffer b = ByteBuffer.allocateDirect(32 << 20);
		for (int i = 0; i < b.capacity(); i += 4096) b.put(i, (byte) 1);
		double x = 0;
		final long end = System.nanoTime() + 500_000_000L;
		while (System.nanoTime() < end) x += Math.sqrt(x + 1);
		final CpuUse after = CpuUse.ofThisProcess();
		assertTrue(after.minorFaults > before.minorFaults, before.minorFaults + " -> " + after.minorFaults);
		assertTrue(after.userSeconds + after.systemSeconds >= before.userSeconds + before.systemSeconds + 0.2,
			"CPU seconds " + (before.userSeconds + before.systemSeconds) + " -> " + (after.userSeconds + after.systemSeconds) + " (" + x + ")");
	}
}
