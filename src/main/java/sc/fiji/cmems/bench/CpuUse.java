package sc.fiji.cmems.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * What a process spent on some runs: CPU time in user space and in the kernel,
 * and minor page faults (a page of memory touched for the first time since the
 * process got it from the kernel). A training step that hands its freed memory
 * back to the kernel and takes it again on the next step shows up here as
 * kernel time and faults, not in the peak memory. Process-wide, all threads.
 * The twin reports the same three figures from {@code getrusage}.
 */
public final class CpuUse {

	/** Clock ticks per second of /proc/self/stat's times (USER_HZ, 100 on Linux). */
	static final double TICKS_PER_SECOND = 100;

	public final int runs;
	public final double userSeconds;
	public final double systemSeconds;
	public final long minorFaults;

	public CpuUse(final int runs, final double userSeconds, final double systemSeconds, final long minorFaults) {
		this.runs = runs;
		this.userSeconds = userSeconds;
		this.systemSeconds = systemSeconds;
		this.minorFaults = minorFaults;
	}

	/** Nothing yet: the start of a sum. */
	public static final CpuUse NONE = new CpuUse(0, 0, 0, 0);

	/** @return this process's totals since it started (runs 0), or null where /proc/self/stat cannot be read */
	public static CpuUse ofThisProcess() {
		final String stat = selfStat();
		return stat == null ? null : parseStat(stat);
	}

	/**
	 * @return the CPU seconds (user and kernel) of this process and of its
	 *         children that have ended and been waited for, or NaN where
	 *         /proc/self/stat cannot be read
	 */
	public static double cpuSecondsWithEndedChildren() {
		final String stat = selfStat();
		if (stat == null) return Double.NaN;
		final String[] f = fields(stat);
		// utime, stime, cutime, cstime: fields 14 to 17
		return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
	}

	private static String selfStat() {
		try {
			return new String(Files.readAllBytes(Paths.get("/proc/self/stat")), java.nio.charset.StandardCharsets.US_ASCII);
		}
		catch (final IOException | RuntimeException e) {
			return null; // not Linux
		}
	}

	/**
	 * Reads minflt, utime and stime (fields 10, 14 and 15) of a
	 * /proc/PID/stat line; the command name in field 2 may hold spaces and
	 * brackets, so fields are counted after its last ')'.
	 */
	static CpuUse parseStat(final String stat) {
		final String[] f = fields(stat);
		return new CpuUse(0, Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND, Long.parseLong(f[7]));
	}

	/** @return the fields from field 3 (state) on: field k is at index k - 3 */
	private static String[] fields(final String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
	}

	/** @return what was spent from {@code before} to this snapshot, over {@code n} runs */
	public CpuUse since(final CpuUse before, final int n) {
		return new CpuUse(n, userSeconds - before.userSeconds, systemSeconds - before.systemSeconds, minorFaults - before.minorFaults);
	}

	public CpuUse plus(final CpuUse o) {
		return new CpuUse(runs + o.runs, userSeconds + o.userSeconds, systemSeconds + o.systemSeconds, minorFaults + o.minorFaults);
	}

	public double userPerRun() {
		return userSeconds / runs;
	}

	public double systemPerRun() {
		return systemSeconds / runs;
	}

	public double faultsPerRun() {
		return minorFaults / (double) runs;
	}
}
