package sc.fiji.cmems.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What a figure was measured on: cores, CPU model, memory, load and time. */
public final class Machine {

	private Machine() {}

	/** @return e.g. "2 cores (nproc), AMD EPYC, 23.4 GiB memory" */
	public static String description() {
		return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel() + ", "
			+ String.format(Locale.ROOT, "%.1f GiB memory", memTotalBytes() / (double) (1L << 30));
	}

	/** @return the first "model name" of /proc/cpuinfo, or "unknown CPU" */
	public static String cpuModel() {
		for (final String line : lines("/proc/cpuinfo"))
			if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
		return "unknown CPU";
	}

	/** @return MemTotal of /proc/meminfo in bytes, or -1 */
	public static long memTotalBytes() {
		for (final String line : lines("/proc/meminfo"))
			if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
		return -1;
	}

	/** @return the 1, 5 and 15 minute load averages as /proc/loadavg gives them, e.g. "3.54 3.48 2.89" */
	public static String loadAverage() {
		final List<String> l = lines("/proc/loadavg");
		if (l.isEmpty()) return "unknown";
		final String[] parts = l.get(0).trim().split("\\s+");
		return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : l.get(0).trim();
	}

	/**
	 * @return the CPU seconds all cores together have spent on work since boot
	 *         (/proc/stat: user, nice, system, irq and softirq; not idle,
	 *         I/O wait or time the hypervisor stole), or NaN where unreadable
	 */
	public static double busyCpuSeconds() {
		for (final String line : lines("/proc/stat"))
			if (line.startsWith("cpu ")) return busyCpuSeconds(line);
		return Double.NaN;
	}

	static double busyCpuSeconds(final String cpuLine) {
		final String[] f = cpuLine.trim().split("\\s+");
		long ticks = 0;
		for (final int i : new int[] { 1, 2, 3, 6, 7 }) ticks += Long.parseLong(f[i]);
		return ticks / CpuUse.TICKS_PER_SECOND;
	}

	/** @return the local date and time, ISO style with zone */
	public static String now() {
		return ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT));
	}

	private static List<String> lines(final String file) {
		try {
			return Files.readAllLines(Paths.get(file));
		}
		catch (final IOException | RuntimeException e) {
			return java.util.Collections.emptyList();
		}
	}
}
