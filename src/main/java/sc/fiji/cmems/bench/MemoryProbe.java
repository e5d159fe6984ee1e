package sc.fiji.cmems.bench;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Structure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Peak memory of a piece of work, with the probes the PyTorch twin uses too:
 * <ul>
 * <li>process resident set: the peak ({@code VmHWM} of /proc/self/status) is
 * reset before the work by writing 5 to /proc/self/clear_refs, so it is the
 * peak during the work;</li>
 * <li>native memory in use: glibc's {@code mallinfo2} (bytes in allocated
 * chunks, mmapped ones included), sampled every 2 ms on a separate thread.
 * PyTorch's CPU allocator takes tensor memory from malloc, so this is
 * essentially the tensor memory (plus the small native allocations of the JVM
 * or the Python interpreter);</li>
 * <li>JVM heap: the sum of the heap pools' peaks during the work.</li>
 * </ul>
 * Before measuring, garbage is collected and free native memory given back
 * to the system ({@code malloc_trim}).
 */
public final class MemoryProbe {

	private static final int SAMPLE_MILLIS = 2;

	private MemoryProbe() {}

	/** Memory figures of one measured piece of work, in bytes (-1 where unavailable). */
	public static final class Figures {

		public final long rssBefore;
		public final long peakRss;
		public final boolean peakRssReset;
		public final long nativeBefore;
		public final long nativePeak;
		public final long heapPeak;

		public Figures(final long rssBefore, final long peakRss, final boolean peakRssReset, final long nativeBefore, final long nativePeak,
			final long heapPeak)
		{
			this.rssBefore = rssBefore;
			this.peakRss = peakRss;
			this.peakRssReset = peakRssReset;
			this.nativeBefore = nativeBefore;
			this.nativePeak = nativePeak;
			this.heapPeak = heapPeak;
		}
	}

	/** Runs {@code work} and returns its peak memory. */
	public static Figures measure(final Runnable work) {
		trim();
		final long rssBefore = statusBytes("VmRSS");
		final long nativeBefore = nativeInUse();
		final List<MemoryPoolMXBean> heap = heapPools();
		for (final MemoryPoolMXBean p : heap) p.resetPeakUsage();
		final boolean reset = resetPeakRss();
		final long[] peak = { nativeBefore };
		final Thread sampler = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				final long v = nativeInUse();
				if (v > peak[0]) peak[0] = v;
				try {
					Thread.sleep(SAMPLE_MILLIS);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		}, "native memory sampler");
		sampler.setDaemon(true);
		if (nativeBefore >= 0) sampler.start();
		try {
			work.run();
		}
		finally {
			sampler.interrupt();
			try {
				sampler.join();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		long heapPeak = 0;
		for (final MemoryPoolMXBean p : heap) heapPeak += p.getPeakUsage().getUsed();
		final long nativeAfter = nativeInUse();
		return new Figures(rssBefore, statusBytes("VmHWM"), reset, nativeBefore, nativeBefore < 0 ? -1 : Math.max(peak[0], nativeAfter),
			heapPeak);
	}

	/** Collects garbage and returns free native memory to the system. */
	public static void trim() {
		System.gc();
		if (MALLOC_TRIM != null) MALLOC_TRIM.invokeInt(new Object[] { 0 });
	}

	/** @return a value of /proc/self/status (kB there) in bytes, or -1 */
	public static long statusBytes(final String key) {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return -1;
	}

	/** Resets the peak resident set ({@code VmHWM}) to the current one; false where the kernel does not allow it. */
	public static boolean resetPeakRss() {
		try {
			Files.write(Paths.get("/proc/self/clear_refs"), "5".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
			return true;
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	/** glibc's {@code struct mallinfo2}: ten {@code size_t}. */
	public static final class MallInfo2 extends Structure implements Structure.ByValue {

		public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;

		@Override
		protected List<String> getFieldOrder() {
			return Arrays.asList("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost");
		}
	}

	/** @return bytes malloc has handed out and not yet taken back (glibc 2.33+), or -1 */
	public static long nativeInUse() {
		if (MALLINFO2 == null) return -1;
		try {
			final MallInfo2 m = (MallInfo2) MALLINFO2.invoke(MallInfo2.class, new Object[0]);
			return m.uordblks + m.hblkhd;
		}
		catch (final RuntimeException | LinkageError e) {
			return -1;
		}
	}

	private static final Function MALLINFO2 = lookup("mallinfo2");
	private static final Function MALLOC_TRIM = lookup("malloc_trim");

	private static Function lookup(final String name) {
		try {
			return NativeLibrary.getInstance("c").getFunction(name);
		}
		catch (final UnsatisfiedLinkError | RuntimeException e) {
			return null; // not glibc, or too old for mallinfo2
		}
	}

	private static List<MemoryPoolMXBean> heapPools() {
		final List<MemoryPoolMXBean> out = new java.util.ArrayList<>();
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP && p.isValid()) out.add(p);
		return out;
	}
}
