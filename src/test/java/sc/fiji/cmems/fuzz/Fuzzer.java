package sc.fiji.cmems.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Feeds deterministic mutants of a seed file to a reader, one at a time in a
 * worker thread under a time limit, and sorts each outcome: read (a mutant may
 * still be a valid file), clean error (the project's own exception), unexpected
 * exception, escaped {@link Error} (OutOfMemoryError, StackOverflowError, ...)
 * or hang. A hung worker is abandoned (it is a daemon thread) and the run goes
 * on with a new one. Mutants with a bad outcome are kept in the findings folder
 * under their index, to be replayed.
 */
public final class Fuzzer {

	/** What became of one mutant. */
	public enum Outcome {
		READ, CLEAN_ERROR, UNEXPECTED_EXCEPTION, ERROR, HANG;

		boolean bad() {
			return this == UNEXPECTED_EXCEPTION || this == ERROR || this == HANG;
		}
	}

	/** The outcomes of one target's mutants. */
	public static final class Report {

		public final String target;
		public final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
		/** One line per bad mutant: index, kind, outcome, what was thrown. */
		public final List<String> findings = new ArrayList<>();
		public long peakHeapBytes;
		public double slowestSeconds;
		public double seconds;

		Report(final String target) {
			this.target = target;
			for (final Outcome o : Outcome.values()) counts.put(o, 0);
		}

		public int count(final Outcome o) {
			return counts.get(o);
		}

		/** @return hangs + escaped errors + unexpected exceptions */
		public int bad() {
			return count(Outcome.HANG) + count(Outcome.ERROR) + count(Outcome.UNEXPECTED_EXCEPTION);
		}

		public int total() {
			return counts.values().stream().mapToInt(Integer::intValue).sum();
		}

		/** @return one table row: target, mutants, each outcome, peak heap, slowest read */
		public String row() {
			return String.format(Locale.ROOT, "| %-12s | %6d | %6d | %6d | %6d | %6d | %6d | %8.0f | %7.2f | %6.0f |", target, total(), count(Outcome.READ),
				count(Outcome.CLEAN_ERROR), count(Outcome.UNEXPECTED_EXCEPTION), count(Outcome.ERROR), count(Outcome.HANG), peakHeapBytes / 1048576.0,
				slowestSeconds, seconds);
		}

		public static String header() {
			return "| target       | mutants |  read  | clean  | unexp. | Error  |  hang  | peak heap MiB | slowest s | total s |\n"
				+ "|---|---|---|---|---|---|---|---|---|---|";
		}
	}

	private final Path work;
	private final Path findings;
	private final double limitSeconds;
	private ExecutorService worker = newWorker();

	/**
	 * @param work where mutants are written (each is removed after its read)
	 * @param findings where bad mutants are kept
	 * @param limitSeconds a read taking longer is a hang
	 */
	public Fuzzer(final Path work, final Path findings, final double limitSeconds) {
		this.work = work;
		this.findings = findings;
		this.limitSeconds = limitSeconds;
	}

	/** Runs mutants {@code first} to {@code first + count - 1} of a target. */
	public Report run(final FuzzTarget target, final long first, final int count) throws Exception {
		return run(target, java.util.stream.LongStream.range(first, first + count).toArray());
	}

	/** Runs the given mutants of a target. */
	public Report run(final FuzzTarget target, final long... indices) throws Exception {
		final Report report = new Report(target.name);
		final long start = System.nanoTime();
		resetPeaks();
		for (final long i : indices) {
			final byte[] mutant = target.mutator.mutant(target.seed, i);
			final Path file = work.resolve(target.name + "-" + i + target.suffix);
			Files.write(file, mutant);
			final long t0 = System.nanoTime();
			final Future<?> read = worker.submit(() -> {
				target.read.read(file);
				return null;
			});
			Outcome outcome;
			Throwable thrown = null;
			try {
				read.get((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS);
				outcome = Outcome.READ;
			}
			catch (final TimeoutException e) {
				outcome = Outcome.HANG;
				read.cancel(true);
				worker.shutdownNow();
				worker = newWorker();
			}
			catch (final ExecutionException e) {
				thrown = e.getCause();
				outcome = thrown instanceof Error ? Outcome.ERROR : target.clean.test(thrown) ? Outcome.CLEAN_ERROR : Outcome.UNEXPECTED_EXCEPTION;
			}
			report.slowestSeconds = Math.max(report.slowestSeconds, (System.nanoTime() - t0) / 1e9);
			report.counts.merge(outcome, 1, Integer::sum);
			if (outcome.bad()) {
				Files.createDirectories(findings);
				final Path kept = findings.resolve(file.getFileName());
				Files.move(file, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				report.findings.add(String.format(Locale.ROOT, "%s #%d (%s, %d bytes): %s%s", target.name, i, kindOf(target, i), mutant.length, outcome,
					thrown == null ? "" : " " + thrown.getClass().getName() + ": " + firstLine(thrown.getMessage()) + " at " + origin(thrown)));
			}
			else Files.deleteIfExists(file);
		}
		report.peakHeapBytes = peakHeap();
		report.seconds = (System.nanoTime() - start) / 1e9;
		return report;
	}

	private static String kindOf(final FuzzTarget target, final long index) {
		return Mutations.kind(index).toString().toLowerCase(Locale.ROOT);
	}

	private static String firstLine(final String s) {
		if (s == null) return "";
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	private static String origin(final Throwable t) {
		final StackTraceElement[] st = t.getStackTrace();
		return st.length == 0 ? "?" : st[0].toString();
	}

	private static ExecutorService newWorker() {
		return Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "fuzz-read");
			t.setDaemon(true);
			return t;
		});
	}

	private static void resetPeaks() {
		System.gc();
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
	}

	/** The sum of the heap pools' peaks since the last reset: an upper bound of the peak heap in use. */
	private static long peakHeap() {
		long sum = 0;
		for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
		return sum;
	}
}
