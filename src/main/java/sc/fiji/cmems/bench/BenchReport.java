package sc.fiji.cmems.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one {@code cmems bench} run, as Markdown tables and JSON. */
public final class BenchReport {

	/** One measured thing at one size, on the engine and (where it exists) on the twin. */
	public static final class Row {

		final int size;
		final String what;
		/** slices per run for throughput rows, 0 for per-iteration rows */
		final int slicesPerRun;
		final List<List<Double>> djlBlocks = new ArrayList<>();
		final List<List<Double>> twinBlocks = new ArrayList<>();
		MemoryProbe.Figures djlMemory;
		MemoryProbe.Figures twinMemory;
		/** CPU use summed over the timed blocks; null where a block's was unknown */
		CpuUse djlCpu = CpuUse.NONE;
		CpuUse twinCpu = CpuUse.NONE;

		/** @return {@code c} if it holds timed runs, else null (unknown, or no block timed) */
		static CpuUse measured(final CpuUse c) {
			return c != null && c.runs > 0 ? c : null;
		}

		Row(final int size, final String what, final int slicesPerRun) {
			this.size = size;
			this.what = what;
			this.slicesPerRun = slicesPerRun;
		}

		void addDjlBlock(final TimedRuns t) {
			djlBlocks.add(t.seconds);
			djlCpu = djlCpu == null || t.cpu == null ? null : djlCpu.plus(t.cpu);
		}

		void addTwinBlock(final TimedRuns t) {
			twinBlocks.add(t.seconds);
			twinCpu = twinCpu == null || t.cpu == null ? null : twinCpu.plus(t.cpu);
		}

		Timings djl() {
			return all(djlBlocks);
		}

		Timings twin() {
			return all(twinBlocks);
		}

		private static Timings all(final List<List<Double>> blocks) {
			final Timings t = new Timings();
			for (final List<Double> b : blocks) t.addAll(b);
			return t;
		}

		/** @return DJL/PyTorch ratio of the medians of each pair of adjacent blocks */
		List<Double> blockRatios() {
			final List<Double> r = new ArrayList<>();
			for (int i = 0; i < Math.min(djlBlocks.size(), twinBlocks.size()); i++) {
				final Timings d = new Timings(), t = new Timings();
				d.addAll(djlBlocks.get(i));
				t.addAll(twinBlocks.get(i));
				r.add(d.median() / t.median());
			}
			return r;
		}
	}

	final List<String> header = new ArrayList<>();
	final List<Row> rows = new ArrayList<>();
	final List<String> notes = new ArrayList<>();

	/** @return the report in Markdown */
	public String markdown() {
		final StringBuilder sb = new StringBuilder();
		for (final String h : header) sb.append(h).append('\n');
		sb.append('\n');
		sb.append("Time (min / median / p90 over all timed runs; per-iteration rows in seconds, inference in slices per second, "
			+ "listed best / median / p90-slow). DJL/PyTorch: ratio of the median times (above 1: DJL slower); in brackets the range of "
			+ "the ratios of adjacent alternating blocks.\n\n");
		sb.append("| size | what | runs | DJL | PyTorch | DJL/PyTorch |\n|---|---|---|---|---|---|\n");
		for (final Row r : rows) {
			final Timings d = r.djl(), t = r.twin();
			sb.append("| ").append(r.size).append(" | ").append(r.what).append(" | ").append(d.count()).append(t.isEmpty() ? "" : " + " + t.count())
				.append(" | ").append(spread(d, r.slicesPerRun)).append(" | ").append(t.isEmpty() ? "–" : spread(t, r.slicesPerRun)).append(" | ");
			if (t.isEmpty() || d.isEmpty()) sb.append("–");
			else {
				sb.append(String.format(Locale.ROOT, "**%.2f**", d.median() / t.median()));
				final List<Double> br = r.blockRatios();
				if (br.size() > 1) {
					double lo = Double.MAX_VALUE, hi = 0;
					for (final double v : br) {
						lo = Math.min(lo, v);
						hi = Math.max(hi, v);
					}
					sb.append(String.format(Locale.ROOT, " [%.2f–%.2f]", lo, hi));
				}
			}
			sb.append(" |\n");
		}
		sb.append("\nPeak memory during ").append("the memory pass of each row (GB = 10^9 bytes). RSS: peak resident set of the process (VmHWM, reset "
			+ "before the pass), with the resident set before the pass in brackets. Native: peak of glibc's bytes in use (mallinfo2, sampled every 2 ms), "
			+ "essentially the tensor memory, with the value before the pass in brackets. Heap: JVM heap pools' peak.\n\n");
		sb.append("| size | what | DJL RSS | PyTorch RSS | ratio | DJL native | PyTorch native | ratio | DJL heap |\n|---|---|---|---|---|---|---|---|---|\n");
		for (final Row r : rows) {
			if (r.djlMemory == null) continue;
			final MemoryProbe.Figures d = r.djlMemory, t = r.twinMemory;
			sb.append("| ").append(r.size).append(" | ").append(r.what).append(" | ").append(gb(d.peakRss, d.rssBefore)).append(" | ")
				.append(t == null ? "–" : gb(t.peakRss, t.rssBefore)).append(" | ").append(t == null ? "–" : ratio(d.peakRss, t.peakRss)).append(" | ")
				.append(gb(d.nativePeak, d.nativeBefore)).append(" | ").append(t == null ? "–" : gb(t.nativePeak, t.nativeBefore)).append(" | ")
				.append(t == null ? "–" : ratio(d.nativePeak, t.nativePeak)).append(" | ")
				.append(gb(d.heapPeak, -1)).append(" |\n");
		}
		cpuTable(sb);
		if (!notes.isEmpty()) {
			sb.append('\n');
			for (final String n : notes) sb.append("- ").append(n).append('\n');
		}
		return sb.toString();
	}

	/** Per timed run: kernel and user CPU time and minor page faults of each side's process. */
	private void cpuTable(final StringBuilder sb) {
		final List<Row> measured = new ArrayList<>();
		for (final Row r : rows)
			if (Row.measured(r.djlCpu) != null) measured.add(r);
		if (measured.isEmpty()) return;
		sb.append("\nCPU use per timed run, over all timed blocks, of the whole process (DJL: the JVM, from /proc/self/stat; PyTorch: the twin's "
			+ "Python process, from getrusage): CPU seconds in the kernel and in user space (all threads), and minor page faults (pages touched "
			+ "for the first time since the process got them from the kernel: memory handed back and taken again shows here).\n\n");
		sb.append("| size | what | DJL kernel s | PyTorch kernel s | DJL user s | PyTorch user s | DJL page faults | PyTorch page faults |\n"
			+ "|---|---|---|---|---|---|---|---|\n");
		for (final Row r : measured) {
			final CpuUse d = r.djlCpu, t = Row.measured(r.twinCpu);
			sb.append("| ").append(r.size).append(" | ").append(r.what);
			for (final CpuUse c : new CpuUse[] { d, t }) sb.append(" | ").append(perRun(c, CpuUse::systemPerRun, "%.3f"));
			for (final CpuUse c : new CpuUse[] { d, t }) sb.append(" | ").append(perRun(c, CpuUse::userPerRun, "%.3f"));
			for (final CpuUse c : new CpuUse[] { d, t }) sb.append(" | ").append(perRun(c, CpuUse::faultsPerRun, "%.0f"));
			sb.append(" |\n");
		}
	}

	private static String perRun(final CpuUse c, final java.util.function.ToDoubleFunction<CpuUse> figure, final String format) {
		return c == null ? "–" : String.format(Locale.ROOT, format, figure.applyAsDouble(c));
	}

	/** @return every raw value, as JSON */
	public String json() {
		final JsonObject o = new JsonObject();
		final JsonArray h = new JsonArray();
		header.forEach(h::add);
		o.add("header", h);
		final JsonArray rs = new JsonArray();
		for (final Row r : rows) {
			final JsonObject j = new JsonObject();
			j.addProperty("size", r.size);
			j.addProperty("what", r.what);
			j.addProperty("slicesPerRun", r.slicesPerRun);
			j.add("djlSecondsByBlock", blocks(r.djlBlocks));
			j.add("pytorchSecondsByBlock", blocks(r.twinBlocks));
			if (r.djlMemory != null) j.add("djlMemory", memory(r.djlMemory));
			if (r.twinMemory != null) j.add("pytorchMemory", memory(r.twinMemory));
			if (Row.measured(r.djlCpu) != null) j.add("djlCpu", cpu(r.djlCpu));
			if (Row.measured(r.twinCpu) != null) j.add("pytorchCpu", cpu(r.twinCpu));
			rs.add(j);
		}
		o.add("rows", rs);
		final JsonArray n = new JsonArray();
		notes.forEach(n::add);
		o.add("notes", n);
		return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(o);
	}

	private static JsonArray blocks(final List<List<Double>> blocks) {
		final JsonArray a = new JsonArray();
		for (final List<Double> b : blocks) {
			final JsonArray x = new JsonArray();
			b.forEach(x::add);
			a.add(x);
		}
		return a;
	}

	private static JsonObject memory(final MemoryProbe.Figures f) {
		final JsonObject m = new JsonObject();
		m.addProperty("rssBefore", f.rssBefore);
		m.addProperty("peakRss", f.peakRss);
		m.addProperty("peakRssReset", f.peakRssReset);
		m.addProperty("nativeBefore", f.nativeBefore);
		m.addProperty("nativePeak", f.nativePeak);
		m.addProperty("heapPeak", f.heapPeak);
		return m;
	}

	private static JsonObject cpu(final CpuUse c) {
		final JsonObject m = new JsonObject();
		m.addProperty("runs", c.runs);
		m.addProperty("userSeconds", c.userSeconds);
		m.addProperty("systemSeconds", c.systemSeconds);
		m.addProperty("minorFaults", c.minorFaults);
		return m;
	}

	private static String spread(final Timings t, final int slicesPerRun) {
		if (t.isEmpty()) return "–";
		if (slicesPerRun > 0)
			return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", slicesPerRun / t.min(), slicesPerRun / t.median(), slicesPerRun / t.p90());
		return String.format(Locale.ROOT, "%.3f / %.3f / %.3f", t.min(), t.median(), t.p90());
	}

	private static String gb(final long bytes, final long before) {
		if (bytes < 0) return "n/a";
		final String v = String.format(Locale.ROOT, "%.2f", bytes / 1e9);
		return before >= 0 ? v + String.format(Locale.ROOT, " (%.2f)", before / 1e9) : v;
	}

	private static String ratio(final long a, final long b) {
		if (a < 0 || b <= 0) return "n/a";
		return String.format(Locale.ROOT, "%.2f", a / (double) b);
	}
}
