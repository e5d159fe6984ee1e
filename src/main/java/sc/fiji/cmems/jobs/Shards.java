package sc.fiji.cmems.jobs;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.model.AtomicFiles;

/**
 * A folder's files split into shards for jobs that run apart (a cluster's job array): with the files sorted by name,
 * file {@code k} belongs to shard {@code k mod shards}. The shards together hold every file exactly once, each about
 * as many, and a shard's files depend only on the folder's file names, so a job that is run again (after a node died)
 * takes the same files. A shard's run is recorded as JSON ({@link #write}), and {@code cmems finalize} gathers them.
 */
public final class Shards {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

	private final int shards, shard;

	/**
	 * @param shards how many shards, at least 1
	 * @param shard this one, 0-based
	 */
	public Shards(final int shards, final int shard) {
		if (shards < 1) throw new IllegalArgumentException("shards must be at least 1, was " + shards);
		if (shard < 0 || shard >= shards) throw new IllegalArgumentException("shard must be 0 to " + (shards - 1) + " (shards=" + shards + "), was " + shard);
		this.shards = shards;
		this.shard = shard;
	}

	/** @return this shard's files of {@code files} (sorted by name, as {@code FolderFiles.list} gives them) */
	public List<Path> of(final List<Path> files) {
		final List<Path> mine = new ArrayList<>();
		for (int k = shard; k < files.size(); k += shards) mine.add(files.get(k));
		return mine;
	}

	public int shards() {
		return shards;
	}

	public int shard() {
		return shard;
	}

	/** @return the default place of this shard's record: {@code <output>/cmems-shard-<i>-of-<n>.json} */
	public Path record(final Path output) {
		return output.resolve("cmems-shard-" + shard + "-of-" + shards + ".json");
	}

	/** @return the glob of every shard's record in an output folder */
	public static String recordGlob() {
		return "cmems-shard-*-of-*.json";
	}

	/** Writes what one shard's run did (atomically: a killed job leaves the old record or none). */
	public void write(final FolderSegmentation.Summary summary, final Path file) throws IOException {
		final JsonObject o = new JsonObject();
		o.addProperty("shard", shard);
		o.addProperty("shards", shards);
		o.addProperty("files", summary.total);
		o.add("segmented", array(summary.segmented));
		o.add("skipped", array(summary.skippedFiles));
		final JsonArray failed = new JsonArray();
		for (final String f : summary.failures) failed.add(f);
		o.add("failed", failed);
		o.addProperty("stopped", summary.stopped);
		final byte[] bytes = (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(file, out -> out.write(bytes));
	}

	/** @return a record written by {@link #write} */
	public static JsonObject read(final Path file) throws IOException {
		try {
			return GSON.fromJson(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), JsonObject.class);
		}
		catch (final RuntimeException e) {
			throw new IOException(file + " is not a shard record: " + e.getMessage(), e);
		}
	}

	private static JsonArray array(final List<String> names) {
		final JsonArray a = new JsonArray();
		for (final String n : names) a.add(n);
		return a;
	}
}
