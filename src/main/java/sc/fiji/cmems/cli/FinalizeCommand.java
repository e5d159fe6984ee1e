package sc.fiji.cmems.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.cmems.engine.model.AtomicFiles;
import sc.fiji.cmems.jobs.Arguments;
import sc.fiji.cmems.jobs.EvaluationRequest;
import sc.fiji.cmems.jobs.FolderSegmentation;
import sc.fiji.cmems.jobs.SegmentationEvaluation;
import sc.fiji.cmems.jobs.Shards;

/**
 * {@code cmems finalize}: after the shard jobs of a sharded {@code cmems segment}, checks that every input file has its
 * label image, gathers the shards' records into {@code cmems-summary.json}, and with {@code truth=} measures the label
 * images against the ground truth ({@code evaluation.csv}). Exit status 2 when an input has no label image or a shard
 * recorded a failure, naming them.
 */
final class FinalizeCommand {

	static final String USAGE = "cmems finalize input=<folder> output=<folder> [filter=*] [truth=<folder> [model=<file.cmems>]]\n"
		+ "            after the shards of 'cmems segment shards=N shard=i': every input has its label image? gathers the shards'\n"
		+ "            records into <output>/cmems-summary.json; truth=: Dice, HD95 and ASD per image and class into <output>/evaluation.csv";

	static final List<String> KEYS = List.of("input", "output", "filter", "truth", "model");

	private FinalizeCommand() {}

	static int run(final Arguments args, final PrintStream out) throws IOException {
		final Path input = args.path("input", null);
		if (input == null) throw new IllegalArgumentException("missing argument input=<folder>");
		final Path output = args.path("output", null);
		if (output == null || !Files.isDirectory(output)) throw new IllegalArgumentException("output must be the segmentation's output folder, was " + output);
		final List<Path> files = InputFiles.list(input, args.string("filter", "*"));
		final List<String> missing = new ArrayList<>();
		for (final Path f : files) if (!Files.isRegularFile(FolderSegmentation.target(output, f))) missing.add(f.getFileName().toString());
		// the shards' records
		final JsonObject summary = new JsonObject();
		final JsonArray shards = new JsonArray(), failed = new JsonArray();
		int segmented = 0, skipped = 0;
		try (DirectoryStream<Path> records = Files.newDirectoryStream(output, Shards.recordGlob())) {
			final List<Path> sorted = new ArrayList<>();
			for (final Path r : records) sorted.add(r);
			sorted.sort(null);
			for (final Path r : sorted) {
				final JsonObject record = Shards.read(r);
				shards.add(record);
				segmented += size(record, "segmented");
				skipped += size(record, "skipped");
				if (record.has("failed")) for (final JsonElement e : record.getAsJsonArray("failed")) failed.add(e);
			}
		}
		summary.addProperty("inputs", files.size());
		summary.addProperty("labelImages", files.size() - missing.size());
		final JsonArray missingJson = new JsonArray();
		for (final String m : missing) missingJson.add(m);
		summary.add("missing", missingJson);
		summary.addProperty("segmented", segmented);
		summary.addProperty("skipped", skipped);
		summary.add("failed", failed);
		summary.add("shards", shards);
		final byte[] json = (new GsonBuilder().setPrettyPrinting().create().toJson(summary) + "\n").getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(output.resolve("cmems-summary.json"), o -> o.write(json));
		out.println(String.format(Locale.ROOT, "%d of %d input file(s) have their label image; the %d shard record(s) say segmented %d, skipped %d, failed %d",
			files.size() - missing.size(), files.size(), shards.size(), segmented, skipped, failed.size()));
		final Path truth = args.path("truth", null);
		if (truth != null && missing.isEmpty()) {
			final List<String> unmatched = new ArrayList<>();
			final List<SegmentationEvaluation.Row> rows = new EvaluationRequest(output, truth, "*.tif", args.path("model", null), 0, "", false).evaluateFolders(unmatched);
			final StringBuilder csv = new StringBuilder("image,class,dice,hd95,asd\n");
			for (final SegmentationEvaluation.Row r : rows)
				csv.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f%n", r.image, r.className, r.metrics.dice(), r.metrics.hd95(), r.metrics.asd()));
			final byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
			AtomicFiles.write(output.resolve("evaluation.csv"), o -> o.write(bytes));
			out.println(SegmentationEvaluation.summary(rows) + (unmatched.isEmpty() ? "" : "; without ground truth: " + unmatched));
		}
		if (!missing.isEmpty()) {
			out.println("missing label images for: " + String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : ""));
			return Main.BAD_INPUT;
		}
		if (failed.size() > 0) {
			out.println("failed: " + failed);
			return Main.BAD_INPUT;
		}
		return 0;
	}

	private static int size(final JsonObject o, final String key) {
		return o.has(key) && o.get(key).isJsonArray() ? o.getAsJsonArray(key).size() : 0;
	}
}
