package sc.fiji.cmems.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch twin ({@code bench/pytorch/cmems_twin.py}) as a child process:
 * started once, it loads a workload the Java side exported and runs timing or
 * memory blocks on request (JSON lines on its stdin and stdout), so that the
 * benchmark can alternate Java and PyTorch blocks in one invocation.
 */
public final class PytorchTwin implements AutoCloseable {

	/** The interpreter the twin runs with unless told otherwise: Debian's, where {@code python3-torch} installs. */
	public static final String DEFAULT_PYTHON = "/usr/bin/python3";
	/** The twin's place in the repository. */
	public static final String SCRIPT = "bench/pytorch/cmems_twin.py";
	/** Installs python3-torch when missing and allowed (root with apt-get), else says how. */
	public static final String ENSURE_SCRIPT = "bench/pytorch/ensure-torch.sh";

	/** Whether an interpreter can run the twin, and which torch it has or why not. */
	public static final class Availability {

		public final boolean available;
		/** torch version, or null */
		public final String torchVersion;
		/** why not, or null */
		public final String reason;

		Availability(final boolean available, final String torchVersion, final String reason) {
			this.available = available;
			this.torchVersion = torchVersion;
			this.reason = reason;
		}

		@Override
		public String toString() {
			return available ? "PyTorch " + torchVersion : "no PyTorch twin: " + reason;
		}
	}

	private final Process process;
	private final BufferedWriter in;
	private final BufferedReader out;
	private final Path log;
	private final String torchVersion;
	private final int threads;
	private final String device;

	private PytorchTwin(final Process process, final Path log) throws IOException {
		this.process = process;
		this.log = log;
		this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
		this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		final JsonObject ready = reply();
		if (!ready.has("ready")) throw failure("the twin did not start: " + ready);
		this.torchVersion = ready.get("torch").getAsString();
		this.threads = ready.get("threads").getAsInt();
		this.device = ready.has("device") ? ready.get("device").getAsString() : "cpu";
	}

	/** @return whether {@code python} imports torch (it is not installed here) */
	public static Availability check(final String python) {
		if (!new File(python).canExecute()) return new Availability(false, null, python + " is not an executable");
		try {
			final Process p = new ProcessBuilder(python, "-c", "import torch; print(torch.__version__)").redirectErrorStream(true).start();
			final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!p.waitFor(120, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return new Availability(false, null, python + " did not import torch within 120 s");
			}
			if (p.exitValue() != 0) {
				final String[] lines = text.split("\n");
				return new Availability(false, null, python + " cannot import torch (" + lines[lines.length - 1].trim()
					+ "); install it with: apt-get install -y python3-torch");
			}
			final String[] lines = text.split("\n");
			return new Availability(true, lines[lines.length - 1].trim(), null);
		}
		catch (final IOException e) {
			return new Availability(false, null, "cannot run " + python + ": " + e.getMessage());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Availability(false, null, "interrupted");
		}
	}

	/**
	 * Runs {@code bench/pytorch/ensure-torch.sh}, which installs Debian's
	 * python3-torch when it is missing and the user may (root, apt-get), then
	 * checks again.
	 */
	public static Availability ensure(final String python, final Path repository, final java.io.PrintStream progress) {
		final Availability a = check(python);
		if (a.available) return a;
		final Path script = repository.resolve(ENSURE_SCRIPT);
		if (!Files.isRegularFile(script)) return a;
		progress.println("PyTorch twin: " + a.reason + "; running " + script + " ...");
		try {
			final Process p = new ProcessBuilder("sh", script.toString(), python).inheritIO().start();
			p.waitFor(30, TimeUnit.MINUTES);
		}
		catch (final IOException e) {
			return new Availability(false, null, a.reason + "; " + script + " failed: " + e.getMessage());
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return a;
		}
		return check(python);
	}

	/**
	 * @return the repository root (the folder holding {@code bench/pytorch}):
	 *         the {@code cmems.home} system property, the working directory or
	 *         one of its parents, or the parent of the build output this class
	 *         was loaded from
	 */
	public static Path repository() {
		final List<Path> candidates = new ArrayList<>();
		final String home = System.getProperty("cmems.home");
		if (home != null) candidates.add(Paths.get(home));
		for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) candidates.add(p);
		try {
			final Path code = Paths.get(PytorchTwin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			for (Path p = code; p != null; p = p.getParent()) candidates.add(p);
		}
		catch (final URISyntaxException | RuntimeException e) {
			// no code source: the other candidates decide
		}
		for (final Path c : candidates)
			if (Files.isRegularFile(c.resolve(SCRIPT))) return c;
		throw new IllegalArgumentException("cannot find " + SCRIPT + " (looked in " + candidates.get(0) + " and its parents, and beside the code); "
			+ "run from the repository or set -Dcmems.home=<repository>");
	}

	/**
	 * Starts the twin in its serving mode.
	 *
	 * @param threads intra-op threads for PyTorch (as the Java side uses)
	 * @param upsample {@code interpolate} (PyTorch's bilinear kernel) or {@code matmul} (the Java formulation)
	 * @param device where the twin's tensors live: {@code cpu} or {@code cuda:N}
	 */
	public static PytorchTwin start(final String python, final Path repository, final int threads, final String upsample, final String device)
		throws IOException
	{
		final Path log = Files.createTempFile("cmems-twin-", ".log");
		final ProcessBuilder pb = new ProcessBuilder(python, repository.resolve(SCRIPT).toString(), "serve", "--threads", Integer.toString(threads),
			"--upsample", upsample, "--device", device);
		pb.environment().put("TORCH_CPP_LOG_LEVEL", "ERROR"); // no NNPACK notices per convolution
		pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
		pb.redirectError(log.toFile());
		return new PytorchTwin(pb.start(), log);
	}

	/**
	 * Runs the twin's parity mode on an exported file.
	 *
	 * @return the twin's JSON answer (relative differences by quantity)
	 */
	public static JsonObject parity(final String python, final Path repository, final Path file, final String upsample, final int threads)
		throws IOException
	{
		final Path log = Files.createTempFile("cmems-parity-", ".log");
		try {
			final ProcessBuilder pb = new ProcessBuilder(python, repository.resolve(SCRIPT).toString(), "parity", file.toString(), "--upsample", upsample,
				"--threads", Integer.toString(threads));
			pb.environment().put("TORCH_CPP_LOG_LEVEL", "ERROR");
			pb.redirectError(log.toFile());
			final Process p = pb.start();
			final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			final int status = p.waitFor();
			if (status != 0) throw new IOException("the PyTorch twin's parity check failed (exit " + status + "): " + tail(log));
			final String[] lines = text.split("\n");
			return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/** @return the twin's torch version */
	public String torchVersion() {
		return torchVersion;
	}

	/** @return where the twin computes, as it reports it: {@code cpu}, or e.g. {@code cuda:0 (NVIDIA H200, CUDA 13.0)} */
	public String device() {
		return device;
	}

	/** @return the intra-op threads the twin's PyTorch uses */
	public int threads() {
		return threads;
	}

	/** Loads a workload exported by the Java side (replacing the previous one). */
	public void load(final Path file) throws IOException {
		final JsonObject r = request("load", "file", file.toString());
		if (!r.get("ok").getAsBoolean()) throw failure("the twin could not load " + file + ": " + r.get("error"));
	}

	/** @return the seconds of {@code n} runs of the loaded workload, and the twin process's CPU use over them */
	public TimedRuns time(final int n) throws IOException {
		final JsonObject r = request("time", "n", n);
		if (!r.get("ok").getAsBoolean()) throw failure("the twin failed: " + r.get("error"));
		final List<Double> s = new ArrayList<>();
		for (final JsonElement e : r.getAsJsonArray("seconds")) s.add(e.getAsDouble());
		final CpuUse cpu = r.has("minorFaults")
			? new CpuUse(n, r.get("userSeconds").getAsDouble(), r.get("systemSeconds").getAsDouble(), r.get("minorFaults").getAsLong())
			: null;
		return new TimedRuns(s, cpu);
	}

	/** @return the twin's peak memory over {@code n} runs (same probes as {@link MemoryProbe}) */
	public MemoryProbe.Figures memory(final int n) throws IOException {
		final JsonObject r = request("memory", "n", n);
		if (!r.get("ok").getAsBoolean()) throw failure("the twin failed: " + r.get("error"));
		return new MemoryProbe.Figures(r.get("rssBefore").getAsLong(), r.get("peakRss").getAsLong(), r.get("peakRssReset").getAsBoolean(),
			r.get("nativeBefore").getAsLong(), r.get("nativePeak").getAsLong(), -1);
	}

	/** Frees the loaded workload. */
	public void unload() throws IOException {
		request("unload", null, null);
	}

	private JsonObject request(final String cmd, final String key, final Object value) throws IOException {
		final JsonObject req = new JsonObject();
		req.addProperty("cmd", cmd);
		if (key != null) {
			if (value instanceof Number) req.addProperty(key, (Number) value);
			else req.addProperty(key, String.valueOf(value));
		}
		try {
			in.write(req.toString());
			in.write('\n');
			in.flush();
		}
		catch (final IOException e) {
			throw failure("the twin is gone (" + e.getMessage() + ")");
		}
		return reply();
	}

	private JsonObject reply() throws IOException {
		final String line = out.readLine();
		if (line == null) throw failure("the twin ended unexpectedly");
		try {
			return JsonParser.parseString(line).getAsJsonObject();
		}
		catch (final RuntimeException e) {
			throw failure("the twin answered '" + line + "'");
		}
	}

	private IOException failure(final String message) {
		return new IOException("PyTorch twin: " + message + "; its log: " + tail(log));
	}

	private static String tail(final Path log) {
		try {
			final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
		}
		catch (final IOException e) {
			return "(unreadable)";
		}
	}

	@Override
	public void close() {
		try {
			request("quit", null, null);
		}
		catch (final IOException e) {
			// it is going anyway
		}
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
		}
		catch (final InterruptedException e) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Files.deleteIfExists(log);
		}
		catch (final IOException e) {
			// a temporary file
		}
	}
}
