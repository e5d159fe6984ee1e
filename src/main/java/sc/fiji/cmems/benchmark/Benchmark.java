package sc.fiji.cmems.benchmark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * The ACDC one-exemplar benchmark of PROTOCOL.md: for each exemplar and each
 * method variant, train on the training slices (the exemplar labeled, every
 * other slice unlabeled), select the model on the validation volumes, and
 * measure Dice, HD95 and ASD per class on the evaluation volumes. Runs that
 * finished are kept when the benchmark is started again; an interrupted run
 * resumes from its checkpoint. Writes {@code results.md} and
 * {@code results.json} over all runs, and per run a folder (see
 * {@link BenchmarkRun}).
 */
public final class Benchmark {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	/** What to run. */
	public static final class Options {

		/** The ACDC folder. */
		public Path acdc;
		/** Where results go. */
		public Path out = Paths.get("benchmark");
		/** Exemplar slice ids; "default" is the protocol's rule, a patient id (patient038) the rule applied to that patient. */
		public List<String> exemplars = Arrays.asList("default");
		/** Methods to compare (the protocol's baselines by default). */
		public List<MethodVariant> methods = MethodVariant.methods();
		/** Volumes to measure on: a list file, a folder of volume files, or comma-separated ids/paths; null = val.list. */
		public String evaluate = null;
		/** Volumes for model selection, as {@link #evaluate}; "none" for no validation; null = val.list. */
		public String validation = null;
		/** Use only the first n training slices (plus the exemplar), for quick runs; 0 = all. */
		public int slices = 0;
		/** False: train nothing and report only the runs that have finished (for a benchmark still running, or cut short). */
		public boolean train = true;
		/** Keep only the largest connected component of each class before measuring (not part of the protocol; off by default). */
		public boolean largestComponent = false;
		/**
		 * Measure the kept model of each finished run again, on {@link #evaluate}, with or without
		 * {@link #largestComponent}, without retraining; the figures go to {@code <report>-*} files in
		 * each run's folder.
		 */
		public boolean reevaluate = false;
		/** Test-time flips when measuring: true or false, or null for what each model says. */
		public Boolean flips = null;
		/** Test-time zooms when measuring (Segmenter.zooms), or null for none. */
		public double[] zooms = null;
		/** Base name of the report over all runs: {@code <report>.md} and {@code <report>.json} in {@link #out}. */
		public String report = "results";
		/** Training settings shared by every run. */
		public TrainingSettings settings = new TrainingSettings();
	}

	private Benchmark() {}

	/** Runs (or completes) the benchmark and writes its reports. */
	public static JsonObject run(final Options o, final PrintStream out) throws IOException {
		o.settings.check();
		if (!o.report.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("report must be a file name without folders, was '" + o.report + "'");
		if (o.reevaluate && o.report.equals("results"))
			throw new IllegalArgumentException("reevaluate=true needs a report name of its own (report=<name>), so that the runs' own figures are kept");
		final AcdcData data = new AcdcData(o.acdc);
		final long start = System.nanoTime();
		final List<LabelBudget> exemplars = new ArrayList<>();
		for (final String e : o.exemplars) exemplars.add(LabelBudget.resolve(e, data));
		final List<String> ids = new ArrayList<>(data.trainSlices());
		if (o.slices > 0 && o.slices < ids.size()) ids.subList(o.slices, ids.size()).clear();
		for (final LabelBudget b : exemplars)
			for (final String e : b.slices) {
				if (!Files.isRegularFile(data.slicePath(e))) throw new IllegalArgumentException("exemplar '" + e + "' is not a slice of " + data.root().resolve("slices"));
				if (!ids.contains(e)) ids.add(e);
			}
		out.printf(Locale.ROOT, "Reading %d training slices from %s ...%n", ids.size(), data.root());
		final List<ImageInput> slices = new ArrayList<>();
		for (final String id : ids) slices.add(data.slice(id));
		final List<ImageInput> evaluation = volumes(o.evaluate, data);
		final List<ImageInput> validation = "none".equals(o.validation) ? new ArrayList<>() : volumes(o.validation, data);
		out.printf(Locale.ROOT, "Exemplars %s; methods %s; %d validation and %d evaluation volumes%n", exemplars, o.methods, validation.size(), evaluation.size());

		final JsonArray runs = new JsonArray(), notRun = new JsonArray();
		for (final LabelBudget b : exemplars) {
			final String e = b.key;
			final List<ImageInput> labeled = new ArrayList<>();
			for (final String id : b.slices) labeled.add(slices.get(ids.indexOf(id)));
			for (final MethodVariant m : o.methods) {
				final Path dir = o.out.resolve(e).resolve(m.id());
				if (!o.train && !BenchmarkRun.finished(dir)) {
					out.println("[" + e + "/" + m.id() + "] not finished, left out of the report (train=false)");
					notRun.add(e + "/" + m.id());
					continue;
				}
				if (o.reevaluate && BenchmarkRun.finished(dir)) runs.add(BenchmarkRun.reevaluate(dir, o.report, evaluation, o.largestComponent, o.flips, o.zooms, o.settings.device, out));
				else runs.add(BenchmarkRun.run(dir, e, labeled, slices, validation, evaluation, m, o.settings, o.largestComponent, o.flips, o.zooms, out));
			}
		}
		final JsonObject report = new JsonObject();
		report.addProperty("protocol", "ACDC one-exemplar (PROTOCOL.md)");
		report.addProperty("acdc", data.root().toAbsolutePath().toString());
		report.addProperty("training_slices", ids.size());
		report.addProperty("finished", Instant.now().toString());
		report.addProperty("wall_seconds_this_call", (System.nanoTime() - start) / 1e9);
		report.add("runs", runs);
		if (notRun.size() > 0) report.add("not_finished", notRun);
		AtomicFiles.write(o.out.resolve(o.report + ".json"), w -> w.write(GSON.toJson(report).getBytes(StandardCharsets.UTF_8)));
		final String md = markdown(report, o, exemplars);
		AtomicFiles.write(o.out.resolve(o.report + ".md"), w -> w.write(md.getBytes(StandardCharsets.UTF_8)));
		out.println();
		out.println(md);
		return report;
	}

	/** @return whether a run of the report is the exemplar-only baseline the "vs exemplar only" column compares with */
	private static boolean isExemplarOnly(final JsonObject run) {
		return run.get("method").getAsString().equals(TrainingMethods.BASELINE);
	}

	/** @return labeled volumes named by {@code spec} (null: val.list) */
	public static List<ImageInput> volumes(final String spec, final AcdcData data) throws IOException {
		final List<Path> files = new ArrayList<>();
		if (spec == null) for (final String id : data.validationVolumes()) files.add(data.volumePath(id));
		else {
			final Path p = Paths.get(spec);
			if (Files.isDirectory(p)) {
				try (DirectoryStream<Path> s = Files.newDirectoryStream(p, "*.{h5,hdf5,nii,nii.gz}")) {
					for (final Path f : s) files.add(f);
				}
				files.sort(null);
			}
			else if (Files.isRegularFile(p) || Files.isRegularFile(data.root().resolve(spec))) {
				final Path list = Files.isRegularFile(p) ? p : data.root().resolve(spec);
				for (final String line : Files.readAllLines(list, StandardCharsets.UTF_8))
					if (!line.trim().isEmpty()) files.add(resolveVolume(line.trim(), data));
			}
			else for (final String item : spec.split(",")) files.add(resolveVolume(item.trim(), data));
		}
		final List<ImageInput> out = new ArrayList<>();
		for (final Path f : files) out.add(AcdcData.read(f));
		if (out.isEmpty()) throw new IllegalArgumentException("no volumes in '" + spec + "'");
		return out;
	}

	private static Path resolveVolume(final String item, final AcdcData data) {
		final Path p = Paths.get(item);
		return Files.isRegularFile(p) ? p : data.volumePath(item);
	}

	/**
	 * @return the run's base learning rate, "0.030 (budget)" when it was chosen from the iterations, or the highest
	 *         rate of a method with a schedule of its own ("0.006 (peak, Semi-CML's schedule)")
	 */
	private static String learningRate(final JsonObject run) {
		if (!run.has("settings")) return "–";
		final TrainingSettings s = TrainingSettings.fromJson(run.getAsJsonObject("settings"));
		final double base = s.baseLearningRate();
		if (run.has("peak_learning_rate") && Math.abs(run.get("peak_learning_rate").getAsDouble() - base) > 1e-6 * base)
			return String.format(Locale.ROOT, "%.3g (peak, the method's schedule)", run.get("peak_learning_rate").getAsDouble());
		return String.format(Locale.ROOT, "%.3f", base) + (s.learningRate > 0 ? "" : " (budget)");
	}

	/** @return "one stage" or "two stages", and "+ flips" when measured with test-time flips */
	private static String inference(final JsonObject run) {
		final boolean twoStages = run.has("not_located");
		final boolean flips = run.has("test_time_flips") && run.get("test_time_flips").getAsBoolean();
		return (twoStages ? "two stages" : "one stage") + (flips ? " + flips" : "");
	}

	private static String markdown(final JsonObject report, final Options o, final List<LabelBudget> exemplars) {
		final TrainingSettings s = o.settings;
		final StringBuilder sb = new StringBuilder("# ACDC one-exemplar benchmark\n\n");
		sb.append(String.format(Locale.ROOT, "Budget per run: %d iterations at %dx%d, batch %d exemplar + %d synthetic labeled and %d unlabeled, seed %d, "
			+ "validation every %d iterations. %d training slices.%n%n", s.iterations, s.imageSize, s.imageSize, s.exemplarBatch, s.syntheticBatch,
			s.unlabeledBatch, s.seed, s.validateEvery, report.get("training_slices").getAsInt()));
		sb.append("Post-processing before measuring: ").append(o.largestComponent ? "the largest connected component of each class (not part of PROTOCOL.md)" : "none (PROTOCOL.md)")
			.append(o.reevaluate ? "; the kept models of finished runs were measured again, not retrained" : "").append(".\n\n");
		final JsonArray runs = report.getAsJsonArray("runs");
		for (final LabelBudget b : exemplars) {
			final String e = b.key;
			sb.append(b.oneSlice() ? "## Exemplar " : "## Labeled set ").append(e).append(b.oneSlice() ? "" : " (" + b.slices.size() + " slices)").append("\n\n| method | RV Dice | Myo Dice | LV Dice | mean Dice | vs exemplar only | mean HD95 | mean ASD | learning rate | inference | training time | device |\n");
			sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
			Double baseline = null;
			for (int i = 0; i < runs.size(); i++) {
				final JsonObject r = runs.get(i).getAsJsonObject();
				if (r.get("exemplar").getAsString().equals(e) && isExemplarOnly(r)) baseline = r.get("mean_dice").getAsDouble();
			}
			for (int i = 0; i < runs.size(); i++) {
				final JsonObject r = runs.get(i).getAsJsonObject();
				if (!r.get("exemplar").getAsString().equals(e)) continue;
				sb.append("| ").append(r.get("description").getAsString());
				final JsonObject dice = r.getAsJsonObject("dice");
				for (final String c : AcdcData.CLASS_NAMES.subList(1, AcdcData.CLASS_NAMES.size())) {
					final JsonObject st = dice.getAsJsonObject(c);
					sb.append(String.format(Locale.ROOT, " | %.3f ± %.3f", st.get("mean").getAsDouble(), st.get("std").getAsDouble()));
				}
				final double mean = r.get("mean_dice").getAsDouble();
				sb.append(String.format(Locale.ROOT, " | **%.3f** | %s | %.1f | %.1f | %s | %s | %s | %s |%n", mean,
					baseline == null || isExemplarOnly(r) ? "–" : String.format(Locale.ROOT, "%+.3f", mean - baseline),
					r.get("mean_hd95").getAsDouble(), r.get("mean_asd").getAsDouble(), learningRate(r), inference(r), ProgressPrinter.duration(r.get("training_seconds").getAsDouble()), r.get("device").getAsString()));
			}
			sb.append('\n');
		}
		if (report.has("not_finished")) sb.append("Not finished, so not in the tables: ").append(report.get("not_finished")).append(".\n\n");
		sb.append("Dice: mean ± std over volumes; HD95 and ASD in voxels, mean over classes of the per-class means (volumes where a class is missing from "
			+ "prediction or truth are left out of the distances and listed in results.json). Per-volume figures: <exemplar>/<method>/volumes.csv.\n");
		return sb.toString();
	}
}
