package sc.fiji.cmems.benchmark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;
import sc.fiji.cmems.engine.data.TrainingInputs;
import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.metrics.SegmentationMetrics;
import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.engine.train.IterationReport;
import sc.fiji.cmems.engine.train.Trainer;
import sc.fiji.cmems.engine.train.TrainingResult;
import sc.fiji.cmems.engine.train.TrainingSettings;
import sc.fiji.cmems.report.OverlayMontage;
import sc.fiji.cmems.report.ProgressPrinter;

/**
 * One exemplar trained with one method variant, then evaluated on volumes.
 * Its folder holds {@code model.cmems}, {@code volumes.csv},
 * {@code summary.json} (written last: its presence means the run is complete)
 * and {@code overlays.png}; while training, {@code checkpoint.cmems}, from which
 * an interrupted run resumes.
 */
final class BenchmarkRun {

	static final String SUMMARY = "summary.json";
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	private BenchmarkRun() {}

	/** @return whether the run in {@code dir} has finished (its summary is written last) */
	static boolean finished(final Path dir) {
		return Files.isRegularFile(dir.resolve(SUMMARY));
	}

	/**
	 * @param labeled the labeled slices (the exemplar, or a label budget's slices)
	 * @param trainingSlices every labeled training slice (the labeled ones among them)
	 * @param validation labeled volumes for model selection (may be empty)
	 * @param evaluation labeled volumes the results are measured on
	 * @param largestComponent keep only the largest connected component of each class before measuring
	 * @return the run's summary
	 */
	static JsonObject run(final Path dir, final String exemplarId, final List<ImageInput> labeled, final List<ImageInput> trainingSlices,
		final List<ImageInput> validation, final List<ImageInput> evaluation, final MethodVariant variant, final TrainingSettings base,
		final boolean largestComponent, final Boolean flips, final double[] zooms, final PrintStream out) throws IOException
	{
		final Path summaryFile = dir.resolve(SUMMARY);
		if (finished(dir)) {
			out.println("[" + exemplarId + "/" + variant.id() + "] already done, kept: " + summaryFile);
			return GSON.fromJson(new String(Files.readAllBytes(summaryFile), StandardCharsets.UTF_8), JsonObject.class);
		}
		Files.createDirectories(dir);
		final TrainingSettings settings = base.copy();
		variant.apply(settings);
		settings.classes = AcdcData.CLASS_NAMES.size();
		settings.classNames = AcdcData.CLASS_NAMES;
		final boolean fullySupervised = variant.method().needsLabeledPool();
		final List<ImageInput> unlabeled = new ArrayList<>();
		final Set<String> labeledNames = new HashSet<>();
		for (final ImageInput l : labeled) labeledNames.add(l.name());
		if (!fullySupervised) for (final ImageInput s : trainingSlices) if (!labeledNames.contains(s.name())) unlabeled.add(ImageInput.of(s.name(), s.image()));
		final TrainingInputs inputs = new TrainingInputs(labeled, unlabeled, validation, fullySupervised ? trainingSlices : new ArrayList<>());
		final Path checkpoint = dir.resolve("checkpoint.cmems");
		final ProgressPrinter progress = new ProgressPrinter(out, exemplarId + "/" + variant.id(), 100);
		final long start = System.nanoTime();
		final TrainingResult result = Files.isRegularFile(checkpoint) ? Trainer.resume(checkpoint, inputs, settings, progress, null)
			: new Trainer(settings).listener(progress).checkpoints(checkpoint).train(inputs);
		final double trainingSeconds = (System.nanoTime() - start) / 1e9;
		final DeviceChoice device = DeviceChoice.resolve(settings.device);
		try (SegmentationModel model = result.model()) {
			ModelBundle.write(model, dir.resolve("model.cmems"));
			final JsonObject summary = summary(exemplarId, variant, settings, model, result, trainingSeconds, device);
			final JsonArray ids = new JsonArray();
			for (final ImageInput l : labeled) ids.add(l.name());
			summary.add("labeled_slices", ids);
			measure(dir, "", summary, model, evaluation, largestComponent, flips, zooms, exemplarId + "," + variant.id() + ",");
			Files.deleteIfExists(checkpoint);
			return summary;
		}
	}

	/**
	 * Measures a finished run's kept model again, on {@code evaluation} and with
	 * or without the largest-component post-processing, without retraining: for
	 * volumes that were held back (the protocol's test patients) or another
	 * post-processing. Writes {@code <report>-volumes.csv},
	 * {@code <report>-overlays.png} and {@code <report>-summary.json} (the
	 * run's summary with the new figures) beside the run's own files.
	 *
	 * @return the new summary
	 */
	static JsonObject reevaluate(final Path dir, final String report, final List<ImageInput> evaluation, final boolean largestComponent, final Boolean flips,
		final double[] zooms, final String device,
		final PrintStream out) throws IOException
	{
		final JsonObject summary = GSON.fromJson(new String(Files.readAllBytes(dir.resolve(SUMMARY)), StandardCharsets.UTF_8), JsonObject.class);
		final String name = summary.get("exemplar").getAsString() + "/" + summary.get("method").getAsString();
		out.println("[" + name + "] measuring the kept model again on " + evaluation.size() + " volume(s)" + (largestComponent ? ", largest component per class" : ""));
		try (SegmentationModel model = ModelBundle.read(dir.resolve("model.cmems"), DeviceChoice.resolve(device).device())) {
			measure(dir, report + "-", summary, model, evaluation, largestComponent, flips, zooms, summary.get("exemplar").getAsString() + "," + summary.get("method").getAsString() + ",");
		}
		return summary;
	}

	/**
	 * Segments the volumes, measures them, writes {@code <prefix>volumes.csv},
	 * {@code <prefix>overlays.png} and, last, {@code <prefix>summary.json}, and
	 * puts the figures into {@code summary}.
	 */
	private static void measure(final Path dir, final String prefix, final JsonObject summary, final SegmentationModel model, final List<ImageInput> evaluation,
		final boolean largestComponent, final Boolean flips, final double[] zooms, final String csvPrefix) throws IOException
	{
		final VolumeMetrics metrics = new VolumeMetrics(AcdcData.CLASS_NAMES.subList(1, AcdcData.CLASS_NAMES.size()));
		final OverlayMontage montage = new OverlayMontage(1);
		final Segmenter segmenter = new Segmenter(model, Ensemble.MEAN).largestComponent(largestComponent);
		if (flips != null) segmenter.flips(flips);
		if (zooms != null) segmenter.zooms(zooms);
		final List<String> notLocated = new ArrayList<>();
		for (final ImageInput volume : evaluation) {
			segmenter.warnings(w -> notLocated.add(volume.name()));
			final ArrayImg<UnsignedShortType, ShortArray> predicted = segmenter.segment(volume.image());
			metrics.add(new VolumeMetrics.Row(volume.name(), SegmentationMetrics.compute(predicted, volume.labels(), AcdcData.CLASS_NAMES.size())));
			if (montage.rows() < 4) addOverlays(montage, volume, predicted, 4 - montage.rows());
		}
		final String csv = VolumeMetrics.CSV_HEADER + metrics.csv(csvPrefix);
		AtomicFiles.write(dir.resolve(prefix + "volumes.csv"), o -> o.write(csv.getBytes(StandardCharsets.UTF_8)));
		if (montage.rows() > 0) montage.write(dir.resolve(prefix + "overlays.png"));
		putMetrics(summary, metrics);
		summary.addProperty("postprocessing", largestComponent ? "largest connected component per class" : "none");
		summary.addProperty("inference", segmenter.twoStage() ? "two stages: the localiser on the whole slice, then the networks on a box around what it found (recipe "
			+ new Gson().toJson(model.info().focus) + ")" : "one stage: the whole slice");
		summary.addProperty("test_time_flips", segmenter.flips());
		if (zooms != null && zooms.length > 0) summary.add("test_time_zooms", new com.google.gson.Gson().toJsonTree(zooms));
		if (segmenter.twoStage()) {
			final JsonArray missed = new JsonArray();
			for (final String v : notLocated) missed.add(v);
			summary.add("not_located", missed);
		}
		summary.addProperty("measured", Instant.now().toString());
		AtomicFiles.write(dir.resolve(prefix + SUMMARY), o -> o.write(GSON.toJson(summary).getBytes(StandardCharsets.UTF_8)));
	}

	/** Adds up to {@code n} slices with foreground, spread over the volume: image, truth, prediction. */
	private static void addOverlays(final OverlayMontage montage, final ImageInput volume, final ArrayImg<UnsignedShortType, ShortArray> predicted, final int n) {
		final int slices = ImgSlices.count(volume.image());
		final int w = (int) volume.image().dimension(0), h = (int) volume.image().dimension(1);
		final List<Integer> withHeart = new ArrayList<>();
		for (int z = 0; z < slices; z++) if (Arrays.stream(ImgSlices.readInts(volume.labels(), z)).anyMatch(v -> v > 0)) withHeart.add(z);
		for (int i = 0; i < Math.min(n, withHeart.size()); i++) {
			final int z = withHeart.get((int) ((i + 0.5) * withHeart.size() / Math.min(n, withHeart.size())));
			montage.addRow(ImgSlices.readFloats(volume.image(), z), w, h, Arrays.asList(null, ImgSlices.readInts(volume.labels(), z), ImgSlices.readInts(predicted, z)),
				Arrays.asList("image", "ground truth", "prediction"));
		}
	}

	/** What the run was: method, settings, training time, the kept iteration (the figures are added by {@link #measure}). */
	private static JsonObject summary(final String exemplarId, final MethodVariant variant, final TrainingSettings settings, final SegmentationModel model,
		final TrainingResult result, final double trainingSeconds, final DeviceChoice device)
	{
		final JsonObject s = new JsonObject();
		s.addProperty("exemplar", exemplarId);
		s.addProperty("method", variant.id());
		s.addProperty("description", variant.description());
		s.addProperty("iterations", settings.iterations);
		s.addProperty("kept_iteration", model.info().iterations);
		if (model.info().validationDice != null) s.addProperty("validation_dice", model.info().validationDice);
		s.addProperty("training_seconds", trainingSeconds);
		float peak = 0;
		for (final IterationReport r : result.history()) peak = Math.max(peak, r.learningRate());
		if (peak > 0) s.addProperty("peak_learning_rate", peak);
		s.addProperty("device", device.description());
		s.addProperty("finished", Instant.now().toString());
		s.addProperty("software", model.info().software);
		s.add("settings", settings.toJson());
		return s;
	}

	/** Per class and metric mean, std and how many volumes define it; the mean over classes; the volumes. */
	private static void putMetrics(final JsonObject s, final VolumeMetrics metrics) {
		s.addProperty("volumes", metrics.rows().size());
		final String[] names = { "dice", "hd95", "asd" };
		for (int metric = 0; metric < 3; metric++) {
			final JsonObject perClass = new JsonObject();
			for (int c = 0; c < metrics.classNames().size(); c++) {
				final VolumeMetrics.Stat st = metrics.stat(metric, c);
				final JsonObject o = new JsonObject();
				o.addProperty("mean", st.mean);
				o.addProperty("std", st.std);
				o.addProperty("defined", st.defined);
				perClass.add(metrics.classNames().get(c), o);
			}
			s.add(names[metric], perClass);
			s.addProperty("mean_" + names[metric], metrics.meanOverClasses(metric));
		}
		final JsonArray volumes = new JsonArray();
		for (final VolumeMetrics.Row r : metrics.rows()) volumes.add(r.volume);
		s.add("evaluated_on", volumes);
	}
}
