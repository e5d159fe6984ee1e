package sc.fiji.cmems.jobs;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.ModelInfo;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.tensor.Resampling;
import sc.fiji.cmems.io.formats.NpyWriter;
import sc.fiji.cmems.report.OverlayMontage;

/**
 * A model bundle as a bioimage.io model package (rdf.yaml, format 0.5): TorchScript weights of the networks of its
 * inference recipe (their mean softmax), a test input and the engine's output for it, a cover, documentation.
 * <p>
 * The TorchScript is traced by PyTorch in Python from the bundle's parameters ({@code torchscript.py}, shipped in the
 * jar): DJL's blocks cannot be written as TorchScript, and Python with torch is the least fragile writer of it. The
 * file is then loaded back through DJL's PyTorch engine and run on the test input; the largest difference from the
 * engine's own softmax is reported, and the export fails above {@link #TOLERANCE}.
 * <p>
 * The network reads {@code S x S} slices (the model's input size): the package declares the per-slice percentile
 * scaling and the clip to [0, 1] of the engine as bioimage.io preprocessing; resizing an image to {@code S x S} and the
 * probabilities back is left to the tool that runs it (the engine normalises at the native size and then resizes, so
 * its labels can differ from a tool's at the edges of structures). Two-stage models are not exported.
 */
public final class BioImageIoExport {

	/** The largest difference between the TorchScript's and the engine's softmax that an export accepts. */
	public static final double TOLERANCE = 1e-4;
	private static final String SCRIPT = "/sc/fiji/cmems/export/torchscript.py";

	/** What an export did. */
	public static final class Result {

		public final Path file;
		public final double maxDifference;
		public final String torch;

		Result(final Path file, final double maxDifference, final String torch) {
			this.file = file;
			this.maxDifference = maxDifference;
			this.torch = torch;
		}
	}

	private BioImageIoExport() {}

	/**
	 * @param testSlice a raw slice {@code channels x S x S} (x fastest) for the test tensors, or null for one of the
	 *          embedded phantom
	 * @param python a Python 3 with torch
	 */
	public static Result export(final Path modelFile, final Path out, final float[] testSlice, final String python, final Consumer<String> log)
		throws IOException
	{
		final Path work = Files.createTempDirectory("cmems-export");
		try (SegmentationModel model = ModelBundle.read(modelFile, Device.cpu())) {
			final ModelInfo info = model.info();
			if (info.focus != null) throw new IllegalArgumentException("model " + modelFile + " has two stages; only one-stage models are exported");
			final int size = info.imageSize, channels = info.network.inputChannels, classes = info.classes;
			final List<Integer> recipe = info.inferenceNetworks();
			// the networks' parameters and architectures
			final JsonObject manifest = new JsonObject();
			manifest.addProperty("classes", classes);
			final JsonArray nets = new JsonArray();
			for (int i = 0; i < recipe.size(); i++) {
				final int k = recipe.get(i);
				final NetworkSettings a = info.architecture(k);
				final JsonObject n = new JsonObject();
				n.add("channels", new Gson().toJsonTree(a.channels));
				n.addProperty("inputChannels", a.inputChannels);
				n.addProperty("leakySlope", a.leakySlope);
				n.addProperty("upsampling", a.upsampling);
				final JsonArray reads = new JsonArray();
				for (final int c : inputs(info, k, channels)) reads.add(c);
				n.add("inputs", reads);
				nets.add(n);
				final Path dir = Files.createDirectories(work.resolve("net" + i));
				int p = 0;
				for (final Pair<String, Parameter> named : model.networks().get(k).namedParameters()) {
					if (!readByInference(named.getKey())) continue;
					final NDArray v = named.getValue().getArray();
					NpyWriter.write(dir.resolve(String.format(Locale.ROOT, "%04d.npy", p++)), v.toFloatArray(), v.getShape().getShape());
				}
			}
			manifest.add("networks", nets);
			Files.write(work.resolve("manifest.json"), manifest.toString().getBytes(StandardCharsets.UTF_8));
			// the test tensors: a raw slice, the bioimage.io preprocessing of it, the engine's softmax
			final float[] raw = testSlice != null ? testSlice : phantomSlice(size, channels);
			if (raw.length != channels * size * size) throw new IllegalArgumentException("the test slice must have " + channels + " x " + size + " x " + size + " values");
			final float[] input = preprocess(raw, channels, size * size, info.normalization);
			final Shape shape = new Shape(1, channels, size, size);
			NpyWriter.write(work.resolve("test_input.npy"), raw, shape.getShape());
			final float[] expected;
			try (NDManager m = model.manager().newSubManager()) {
				final NDArray x = m.create(input, shape);
				NDArray sum = null;
				for (final int k : recipe) {
					final int[] reads = inputs(info, k, channels);
					final NDArray xk = reads.length == channels ? x : x.get(":, {}:{}", reads[0], reads[0] + 1);
					final NDArray p = model.networks().get(k).forward(xk, false, false).logits().softmax(1);
					sum = sum == null ? p : sum.add(p);
				}
				expected = sum.div((float) recipe.size()).toFloatArray();
			}
			NpyWriter.write(work.resolve("test_output.npy"), expected, 1, classes, size, size);
			// TorchScript, written by PyTorch, loaded back by DJL
			final Path script = work.resolve("torchscript.py");
			try (InputStream in = BioImageIoExport.class.getResourceAsStream(SCRIPT)) {
				Files.copy(in, script);
			}
			final String torch = runPython(python, script, work, log);
			final double difference = compare(work.resolve("weights.pt"), input, shape, expected);
			log.accept(String.format(Locale.ROOT, "TorchScript (torch %s) loaded back through DJL: largest difference from the engine's softmax %.2e", torch, difference));
			if (!(difference <= TOLERANCE))
				throw new IOException(String.format(Locale.ROOT, "the TorchScript differs from the engine by %.2e (more than %.0e): not exported", difference, TOLERANCE));
			cover(work.resolve("cover.png"), input, expected, channels, classes, size);
			Files.write(work.resolve("README.md"), documentation(modelFile, info, size, difference).getBytes(StandardCharsets.UTF_8));
			Files.write(work.resolve("rdf.yaml"), rdf(modelFile, info, size, torch).getBytes(StandardCharsets.UTF_8));
			zip(work, out, Arrays.asList("rdf.yaml", "README.md", "cover.png", "weights.pt", "test_input.npy", "test_output.npy"));
			return new Result(out, difference, torch);
		}
		finally {
			try (Stream<Path> all = Files.walk(work)) {
				all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** @return whether inference reads the parameter of this DJL name (not the auxiliary heads, attention or embedding heads) */
	static boolean readByInference(final String name) {
		final String block = name.replaceFirst("^\\d+", "");
		return block.startsWith("encoder") || block.startsWith("reduce") || block.startsWith("decoder") || block.startsWith("head");
	}

	/** @return the 0-based channels network {@code k} reads */
	private static int[] inputs(final ModelInfo info, final int k, final int channels) {
		final int[] reads = info.inputsOf(k);
		if (reads != null) return Arrays.stream(reads).map(c -> c - 1).toArray();
		final int[] all = new int[channels];
		for (int c = 0; c < channels; c++) all[c] = c;
		return all;
	}

	/**
	 * bioimage.io's {@code scale_range} (per sample and channel over y and x, NumPy's linear percentiles,
	 * {@code (x - lo) / (hi - lo + 1e-6)}) and {@code clip} to [0, 1]; for a model without normalisation, only the clip.
	 */
	static float[] preprocess(final float[] raw, final int channels, final int area, final Normalization normalization) {
		final float[] out = new float[raw.length];
		for (int c = 0; c < channels; c++) {
			final float[] s = Arrays.copyOfRange(raw, c * area, (c + 1) * area);
			double lo = 0, hi = 1;
			if (normalization.mode != Normalization.Mode.NONE) {
				final float[] sorted = s.clone();
				Arrays.sort(sorted);
				final boolean minMax = normalization.mode == Normalization.Mode.MIN_MAX;
				lo = Normalization.percentile(sorted, minMax ? 0 : normalization.lowPercentile);
				hi = Normalization.percentile(sorted, minMax ? 100 : normalization.highPercentile);
			}
			final double eps = normalization.mode == Normalization.Mode.NONE ? 0 : 1e-6;
			for (int i = 0; i < area; i++) out[c * area + i] = (float) Math.min(1, Math.max(0, (s[i] - lo) / (hi - lo + eps)));
		}
		return out;
	}

	/** @return a slice of the embedded cardiac phantom at the model's size, each channel the same */
	private static float[] phantomSlice(final int size, final int channels) {
		final float[] one = new float[size * size];
		final net.imglib2.Cursor<net.imglib2.type.numeric.real.FloatType> c = new sc.fiji.cmems.phantom.CardiacPhantom(7).sample(0, size, size).image().cursor();
		for (int i = 0; i < one.length; i++) one[i] = c.next().get();
		final float[] all = new float[channels * one.length];
		for (int k = 0; k < channels; k++) System.arraycopy(one, 0, all, k * one.length, one.length);
		return all;
	}

	private static String runPython(final String python, final Path script, final Path work, final Consumer<String> log) throws IOException {
		final Process p = new ProcessBuilder(python, script.toString(), work.toString(), work.resolve("weights.pt").toString()).redirectErrorStream(true).start();
		final String output;
		try (InputStream in = p.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!p.waitFor(10, TimeUnit.MINUTES)) {
				p.destroyForcibly();
				throw new IOException("writing the TorchScript took more than 10 minutes");
			}
		}
		catch (final InterruptedException e) {
			p.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while writing the TorchScript", e);
		}
		if (p.exitValue() != 0)
			throw new IOException("writing the TorchScript with " + python + " failed (it needs Python 3 with torch and numpy; python=<path> chooses another):\n" + output);
		final String[] lines = output.split("\n");
		return lines[lines.length - 1].replaceFirst("^torch ", "");
	}

	/** @return the largest absolute difference between the TorchScript's output, run through DJL, and {@code expected} */
	private static double compare(final Path weights, final float[] input, final Shape shape, final float[] expected) throws IOException {
		Djl.engine();
		try (Model m = Model.newInstance("exported", Device.cpu(), "PyTorch")) {
			m.load(weights.getParent(), "weights");
			try (Predictor<NDList, NDList> predictor = m.newPredictor(new NoopTranslator()); NDManager scope = m.getNDManager().newSubManager()) {
				final float[] got = predictor.predict(new NDList(scope.create(input, shape))).singletonOrThrow().toFloatArray();
				if (got.length != expected.length) throw new IOException("the TorchScript gives " + got.length + " values, the engine " + expected.length);
				double worst = 0;
				for (int i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
				return worst;
			}
		}
		catch (final ai.djl.MalformedModelException | ai.djl.translate.TranslateException e) {
			throw new IOException("DJL could not run the TorchScript: " + e.getMessage(), e);
		}
	}

	private static void cover(final Path png, final float[] input, final float[] probabilities, final int channels, final int classes, final int size)
		throws IOException
	{
		final int area = size * size;
		final int[] labels = new int[area];
		for (int i = 0; i < area; i++) {
			int best = 0;
			for (int c = 1; c < classes; c++) if (probabilities[c * area + i] > probabilities[best * area + i]) best = c;
			labels[i] = best;
		}
		final OverlayMontage montage = new OverlayMontage(Math.max(1, 256 / size));
		montage.addRow(Arrays.copyOf(input, area), size, size, Arrays.asList(new int[area], labels), Arrays.asList("test input", "labels (argmax)"));
		montage.write(png);
	}

	private static String documentation(final Path modelFile, final ModelInfo info, final int size, final double difference) {
		return "# " + modelFile.getFileName() + "\n\n" + "A " + info.method + " model trained with the CMEMS Fiji plugin (" + info.iterations + " iterations"
			+ (info.validationDice == null ? "" : String.format(Locale.ROOT, ", validation Dice %.3f", info.validationDice)) + "), exported with `cmems export`.\n\n"
			+ "## Input\n\nOne 2D slice resized (bilinear) to " + size + " x " + size + " pixels, " + info.network.inputChannels + " channel(s). "
			+ "Preprocessing (declared in rdf.yaml): each channel scaled so that its " + info.normalization.lowPercentile + " and "
			+ info.normalization.highPercentile + " percentiles map to 0 and 1, clipped to [0, 1]. Resize a larger image to " + size + " x " + size
			+ " before running the model, and the output back.\n\n"
			+ "## Output\n\nThe mean softmax of the networks " + info.inferenceNetworks() + " over the classes " + classNames(info) + "; the label of a pixel is the class of "
			+ "highest probability.\n\n## Check\n\nThe TorchScript weights, loaded back through DJL's PyTorch engine, reproduce the plugin's softmax on the test "
			+ String.format(Locale.ROOT, "input within %.1e.\n", difference);
	}

	private static List<String> classNames(final ModelInfo info) {
		final List<String> names = new ArrayList<>();
		for (int c = 0; c < info.classes; c++) names.add(info.className(c));
		return names;
	}

	/** @return rdf.yaml of the bioimage.io model spec 0.5 */
	static String rdf(final Path modelFile, final ModelInfo info, final int size, final String torch) {
		final String name = modelFile.getFileName().toString().replaceFirst("\\.cmems$", "");
		final StringBuilder channels = new StringBuilder(), classes = new StringBuilder();
		for (int c = 0; c < info.network.inputChannels; c++) channels.append(c == 0 ? "" : ", ").append("channel").append(c);
		for (final String n : classNames(info)) classes.append(classes.length() == 0 ? "" : ", ").append(quote(n));
		final String torchVersion = torch.replaceFirst("^(\\d+\\.\\d+).*", "$1");
		final boolean normalised = info.normalization.mode != Normalization.Mode.NONE;
		final double low = info.normalization.mode == Normalization.Mode.MIN_MAX ? 0 : info.normalization.lowPercentile;
		final double high = info.normalization.mode == Normalization.Mode.MIN_MAX ? 100 : info.normalization.highPercentile;
		return "format_version: 0.5.3\n" + "type: model\n" + "name: " + quote(name) + "\n"
			+ "description: " + quote("Semantic segmentation of 2D slices (" + info.classes + " classes), trained from few labels with the CMEMS Fiji plugin (method " + info.method + ")") + "\n"
			+ "authors:\n  - name: " + quote("CMEMS Fiji plugin user") + "\n"
			+ "cite:\n  - text: " + quote("En & Guo, Cross-model Mutual Learning for Exemplar-based Medical Image Segmentation, AISTATS 2024") + "\n"
			+ "    url: https://arxiv.org/abs/2404.11812\n"
			+ "license: Apache-2.0\n" + "documentation: README.md\n" + "covers:\n  - cover.png\n" + "tags: [segmentation, 2d, pytorch, cmems]\n"
			+ "timestamp: " + Instant.now().toString() + "\n"
			+ "inputs:\n  - id: raw\n    axes:\n      - type: batch\n      - type: channel\n        channel_names: [" + channels + "]\n"
			+ "      - {type: space, id: y, size: " + size + "}\n      - {type: space, id: x, size: " + size + "}\n"
			+ "    test_tensor:\n      source: test_input.npy\n    preprocessing:\n"
			+ (normalised ? "      - id: scale_range\n        kwargs: {axes: [y, x], min_percentile: " + low + ", max_percentile: " + high + ", eps: 1.0e-06}\n" : "")
			+ "      - id: clip\n        kwargs: {min: 0.0, max: 1.0}\n"
			+ "outputs:\n  - id: probabilities\n    axes:\n      - type: batch\n      - type: channel\n        channel_names: [" + classes + "]\n"
			+ "      - {type: space, id: y, size: " + size + "}\n      - {type: space, id: x, size: " + size + "}\n"
			+ "    test_tensor:\n      source: test_output.npy\n"
			+ "weights:\n  torchscript:\n    source: weights.pt\n    pytorch_version: \"" + torchVersion + "\"\n";
	}

	private static String quote(final String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static void zip(final Path dir, final Path out, final List<String> names) throws IOException {
		AtomicFiles.write(out, os -> {
			final ZipOutputStream zip = new ZipOutputStream(os);
			for (final String n : names) {
				zip.putNextEntry(new ZipEntry(n));
				Files.copy(dir.resolve(n), zip);
				zip.closeEntry();
			}
			zip.finish(); // the stream itself is AtomicFiles' to close
		});
	}
}
